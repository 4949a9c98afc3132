#pragma once
// Analytics events (views, sign-ups, posts, comments, votes, subscriptions)
// travel as jobs on the `analytics` queue, enqueued in the transaction of the
// write they describe; the worker stores them (handler.cpp) and the hourly
// rollups (rollups.hpp) feed the admin statistics.
#include <cstdint>
#include <string>

#include "db/db.hpp"
#include "jobs/registry.hpp"

namespace agora::analytics {

struct Event {
  std::string name;               // view, signup, post, post_edited, comment, vote, subscription
  std::int64_t user_id = 0;       // 0: anonymous (views)
  std::int64_t community_id = 0;  // 0: none
  std::int64_t amount = 1;        // views are counted in batches
};

Task<void> record(db::Queryable& tx, const Event& event, const std::string& trace_id);

// analytics.event: stores the event once (keyed by the job's id).
void add_jobs(jobs::Registry& registry);

}  // namespace agora::analytics
