#pragma once
// The SQS consumer of `agora worker` (AGORA_QUEUE=sqs): one long poll
// (WaitTimeSeconds 20) per queue, up to `concurrency` jobs at once. A job's
// id goes into job_receipts in the transaction of its effects, so a message
// delivered twice runs once; a running job's visibility is extended every
// third of the lease; finished messages are deleted in batches; a failure
// hides the message for the backoff delay, and after the queue's
// maxReceiveCount the redrive policy moves it to the dead-letter queue.
#include <chrono>
#include <memory>

#include "db/pool.hpp"
#include "jobs/consumer.hpp"
#include "jobs/registry.hpp"
#include "jobs/sqs_transport.hpp"
#include "jobs/worker.hpp"

namespace agora::jobs {

class SqsWorker final : public Consumer {
 public:
  SqsWorker(db::Pool& pool, const Registry& registry, Sqs sqs, WorkerOptions options);
  ~SqsWorker() override;
  SqsWorker(const SqsWorker&) = delete;
  SqsWorker& operator=(const SqsWorker&) = delete;

  // Polls until stop(); runs on the pool's loop.
  Task<void> run() override;
  void stop() override;
  // Waits for running jobs until `deadline`; the messages of jobs still
  // running then become visible again when their visibility runs out.
  Task<void> finish(std::chrono::steady_clock::time_point deadline) override;
  int running() const override;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace agora::jobs
