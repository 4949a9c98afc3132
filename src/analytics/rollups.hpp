#pragma once
// Hourly and daily rollups of the analytics events, and the active-user
// days behind daily and monthly active users. Each run recomputes whole the
// buckets that received events since the previous run (late events land in
// theirs), so running twice gives the same rows.
#include <cstdint>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "jobs/registry.hpp"

namespace agora::analytics {

struct RollupReport {
  std::int64_t hourly_rows = 0, daily_rows = 0, active_user_days = 0, purged_events = 0;
};

Task<RollupReport> roll_up(db::Queryable& tx);

// schedule.analytics-rollups
void add_rollup_job(jobs::Registry& registry);

struct DayStats {
  std::string day;  // YYYY-MM-DD (UTC)
  std::int64_t active_users = 0, signups = 0, posts = 0, comments = 0, votes = 0, subscriptions = 0, views = 0;
};
// The last `days` days, oldest first (days without events included).
Task<std::vector<DayStats>> daily_series(db::Queryable& db, int days);

}  // namespace agora::analytics
