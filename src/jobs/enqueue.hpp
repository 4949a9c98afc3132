#pragma once
// The outbox: a domain write adds its jobs in its own transaction, so a job
// exists exactly when the write committed.
#include <cstdint>
#include <optional>

#include "db/db.hpp"
#include "jobs/job.hpp"

namespace agora::jobs {

// Inserts `job` through `tx` (a transaction, or the pool for a write that is
// one statement). The id, or nullopt when a job with the same idempotency
// key already exists.
Task<std::optional<std::int64_t>> enqueue(db::Queryable& tx, const NewJob& job);

}  // namespace agora::jobs
