#pragma once
// The Postgres queue's consumer: up to `concurrency` jobs at once on one
// event loop, woken by NOTIFY agora_jobs (and a poll, for delayed retries and
// notifications lost while the LISTEN connection was down). Each job runs
// in a transaction with its handler's effects and its completion; its lease
// is extended by a heartbeat while it runs. See docs/adr/0078.
#include <chrono>
#include <memory>
#include <string>

#include "db/pool.hpp"
#include "jobs/consumer.hpp"
#include "jobs/job.hpp"
#include "jobs/registry.hpp"

namespace agora::jobs {

struct WorkerOptions {
  int concurrency = 4;
  std::chrono::seconds lease{30};
  int max_attempts = 8;
  std::chrono::milliseconds retry_base{1000};
  std::chrono::milliseconds poll{1000};  // longest sleep without a notification
  std::string conninfo;                  // for the LISTEN connection; empty: poll only
  std::chrono::milliseconds connect_timeout{3000};
  std::string holder;  // who holds the leases (host:pid), for operators
};

class Worker final : public Consumer {
 public:
  Worker(db::Pool& pool, const Registry& registry, WorkerOptions options);
  ~Worker() override;
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Claims and runs jobs until stop(); returns once it stopped claiming
  // (jobs may still be running: see finish()). Runs on the pool's loop.
  Task<void> run() override;
  // Stop claiming new jobs. Call on the worker's loop.
  void stop() override;
  // Waits for running jobs until `deadline`, then gives back (releases)
  // those still running, so another worker takes them at once.
  Task<void> finish(std::chrono::steady_clock::time_point deadline) override;

  // Runs ready jobs until none is left whose time has come; how many ran.
  // For tests and tools: no LISTEN, one job at a time.
  Task<int> drain();
  // Runs one claimed job to its end (done, retry, dead or lost).
  Task<void> run_claimed(Job job);

  int running() const override;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

// host:pid, the default lease holder name.
std::string default_holder();

}  // namespace agora::jobs
