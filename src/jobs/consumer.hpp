#pragma once
// What `agora worker` runs, whichever queue is behind the outbox: the
// Postgres queue's Worker (AGORA_QUEUE=postgres) or the SqsWorker
// (AGORA_QUEUE=sqs). Producers have one interface too: jobs::enqueue.
#include <chrono>

#include "core/task.hpp"

namespace agora::jobs {

class Consumer {
 public:
  virtual ~Consumer() = default;
  // Takes and runs jobs until stop(); runs on its pool's event loop.
  virtual Task<void> run() = 0;
  // Stop taking new jobs (call on the consumer's loop).
  virtual void stop() = 0;
  // Waits for running jobs until `deadline`, then gives back the rest.
  virtual Task<void> finish(std::chrono::steady_clock::time_point deadline) = 0;
  virtual int running() const = 0;
};

}  // namespace agora::jobs
