#include "support/jobs.hpp"

#include "app/job_handlers.hpp"
#include "db/standalone.hpp"
#include "jobs/worker.hpp"

namespace agora::test {

int run_pending_jobs(const Config& config) {
  const app::JobHandlers handlers(config);
  const auto& registry = handlers.registry();
  int ran = 0;
  db::with_pool(config, [&](db::Pool& pool) -> Task<void> {
    jobs::WorkerOptions options;
    options.max_attempts = config.job_max_attempts;
    options.retry_base = config.job_retry_base;
    jobs::Worker worker(pool, registry, options);
    ran = co_await worker.drain();
  });
  return ran;
}

}  // namespace agora::test
