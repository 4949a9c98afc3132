#pragma once
// Periodic deletion of rows that have outlived their use: expired sessions,
// finished one-time tokens, stale rate-limit counters. Every replica runs it;
// the deletes are idempotent, so concurrent runs only repeat cheap work.
#include <chrono>
#include <cstdint>

#include "db/db.hpp"

namespace agora::app {

struct HousekeepingReport {
  std::int64_t sessions = 0, tokens = 0, devices = 0, rate_limit_counters = 0;
};

Task<HousekeepingReport> purge_expired_rows(db::Queryable& db);

// Runs purge_expired_rows every `every`, forever (until its loop stops);
// failures are logged and retried at the next turn.
Task<void> housekeeping_loop(db::Queryable& db, std::chrono::seconds every);

// Adds the views counted in memory to posts.view_count every `every`.
Task<void> view_flush_loop(db::Queryable& db, std::chrono::milliseconds every);

// Refreshes the business gauges (users, posts, active users…) every `every`.
Task<void> business_metrics_loop(db::Queryable& db, std::chrono::seconds every);

}  // namespace agora::app
