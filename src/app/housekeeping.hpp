#pragma once
// Periodic deletion of rows that have outlived their use: expired sessions,
// finished one-time tokens, stale rate-limit counters, finished jobs. It is
// the scheduled job `schedule.housekeeping` (every 10 minutes, once across
// all workers); the view and gauge loops run in every `agora serve`.
#include <chrono>
#include <cstdint>

#include "db/db.hpp"
#include "jobs/registry.hpp"

namespace agora::app {

struct HousekeepingReport {
  std::int64_t sessions = 0, tokens = 0, devices = 0, rate_limit_counters = 0;
};

Task<HousekeepingReport> purge_expired_rows(db::Queryable& db);

// schedule.housekeeping: purge_expired_rows and finished jobs older than a week.
void add_housekeeping_job(jobs::Registry& registry);

// Adds the views counted in memory to posts.view_count every `every`.
Task<void> view_flush_loop(db::Queryable& db, std::chrono::milliseconds every);

// Refreshes the business gauges (users, posts, active users…) every `every`.
Task<void> business_metrics_loop(db::Queryable& db, std::chrono::seconds every);

}  // namespace agora::app
