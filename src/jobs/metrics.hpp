#pragma once
// Queue gauges on /metrics: depth by queue and state, age of the oldest
// ready job, dead letters. Read from the jobs table, so any worker reports
// the whole queue (alerts take the max over replicas).
#include <chrono>

#include "db/db.hpp"

namespace agora::jobs {

Task<void> publish_queue_gauges(db::Queryable& db);

// publish_queue_gauges every `every` until the loop stops.
Task<void> queue_metrics_loop(db::Queryable& db, std::chrono::seconds every);

}  // namespace agora::jobs
