// `agora worker`: runs the jobs of the outbox (docs/adr/0078), with /livez,
// /readyz and /metrics on AGORA_HTTP_PORT like `agora serve`. SIGTERM stops
// claiming, lets running jobs finish until the shutdown deadline and gives
// back the rest. `agora worker run-once <schedule>` runs one scheduled job
// now, to its end (the Kubernetes CronJobs and operators use it).
#include <iostream>

#include "app/commands.hpp"
#include "app/health_routes.hpp"
#include "app/job_handlers.hpp"
#include "core/log.hpp"
#include "db/pool.hpp"
#include "db/standalone.hpp"
#include "http/server.hpp"
#include "jobs/enqueue.hpp"
#include "jobs/metrics.hpp"
#include "jobs/pg_queue.hpp"
#include "jobs/schedule.hpp"
#include "jobs/sqs_worker.hpp"
#include "jobs/worker.hpp"

namespace agora::app {
namespace {

constexpr const char* kUsage =
    R"(usage: agora worker                 run jobs until SIGTERM (AGORA_WORKER_CONCURRENCY at once)
       agora worker run-once NAME   run one scheduled job now and wait for it

schedules: housekeeping, analytics-rollups, email-digests-daily, email-digests-weekly
)";

jobs::WorkerOptions worker_options(const Config& config) {
  jobs::WorkerOptions o;
  o.concurrency = config.worker_concurrency;
  o.lease = config.job_lease;
  o.max_attempts = config.job_max_attempts;
  o.retry_base = config.job_retry_base;
  o.conninfo = config.database_url;
  o.connect_timeout = config.db_connect_timeout;
  return o;
}

int run_once(const Config& config, const std::string& name) {
  const auto* schedule = jobs::find_schedule(name);
  if (!schedule) {
    std::cerr << "agora worker: unknown schedule '" << name << "'\n" << kUsage;
    return 2;
  }
  const JobHandlers handlers(config);
  const auto& registry = handlers.registry();
  bool ok = false;
  db::with_pool(config, [&](db::Pool& pool) -> Task<void> {
    // Not due for an hour: neither a worker nor the relay takes it meanwhile.
    const jobs::NewJob request{
        .kind = "schedule." + name, .payload = "{\"run_once\":true}", .delay = std::chrono::hours(1)};
    const auto id = co_await jobs::enqueue(pool, request);
    jobs::Worker worker(pool, registry, worker_options(config));
    auto job = co_await jobs::claim_by_id(pool, *id, jobs::default_holder(), config.job_lease);
    if (!job) throw std::runtime_error("job " + std::to_string(*id) + " was taken by another worker");
    co_await worker.run_claimed(*job);
    auto state = co_await pool.query("SELECT state, coalesce(last_error, '') FROM jobs WHERE id = $1", db::Params(*id));
    ok = state.text(0, 0) == "done";
    if (!ok) std::cerr << "agora worker: " << name << " failed: " << state.string(0, 1) << "\n";
  });
  return ok ? 0 : 1;
}

}  // namespace

int worker(const Config& base, const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  if (!args.empty() && args[0] == "run-once") {
    if (args.size() != 2) {
      std::cerr << kUsage;
      return 2;
    }
    return run_once(base, args[1]);
  }
  if (!args.empty()) {
    std::cerr << "agora worker: unknown argument '" << args[0] << "'\n" << kUsage;
    return 2;
  }
  // One event loop: jobs wait on the database and on SMTP, not on CPU. The
  // pool has a connection per running job plus the claims, heartbeats,
  // scheduler and health checks; no drain window (no traffic to drain).
  Config config = base;
  config.http_threads = 1;
  config.db_pool_size = std::max(base.db_pool_size, base.worker_concurrency + 4);
  config.drain = std::chrono::milliseconds(0);

  const JobHandlers handlers(config);
  const auto& registry = handlers.registry();
  http::Router router;
  http::Pipeline pipeline(router, config);
  add_health_routes(router, pipeline);
  http::Server server(config, pipeline);

  // The Postgres queue's worker, or the SQS consumer (AGORA_QUEUE=sqs).
  std::unique_ptr<jobs::Consumer> consumer;
  server.add_background_task([&](db::Pool& pool) -> Task<void> {
    if (config.queue == "sqs")
      // Threads: a long poll per queue, visibility extensions, deletes.
      consumer = std::make_unique<jobs::SqsWorker>(
          pool, registry, jobs::make_sqs(config, config.worker_concurrency + 5), worker_options(config));
    else consumer = std::make_unique<jobs::Worker>(pool, registry, worker_options(config));
    co_await consumer->run();
  });
  server.add_background_task([](db::Pool& pool) { return jobs::scheduler_loop(pool, std::chrono::seconds(15)); });
  server.add_background_task([](db::Pool& pool) { return jobs::queue_metrics_loop(pool, std::chrono::seconds(15)); });
  server.add_shutdown_task([&](std::chrono::steady_clock::time_point deadline) -> Task<void> {
    if (!consumer) co_return;
    log::info("stopping: no new jobs; waiting for running ones", {{"running", consumer->running()}});
    consumer->stop();
    co_await consumer->finish(deadline - std::chrono::seconds(1));
  });
  server.run(/*handle_signals=*/true);
  return 0;
}

}  // namespace agora::app
