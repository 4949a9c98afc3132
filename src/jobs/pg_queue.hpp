#pragma once
// The Postgres queue's operations on the jobs table (migration 0006):
// claiming with FOR UPDATE SKIP LOCKED, lease heartbeats, completion fenced
// by the lease token, retries, dead letters, and returning the jobs of dead
// workers. The worker (worker.hpp) and `agora admin jobs` use them.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "jobs/job.hpp"

namespace agora::jobs {

// The claimed job no longer holds its lease (it expired and another worker
// took the job, or it was released): its effects must roll back.
class LeaseLost : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Jobs from rows of (id, queue, kind, payload::text, trace_id or '',
// attempts, max_attempts, lease_token::text or '').
std::vector<Job> jobs_of(const db::Result& rows);

// Up to `n` ready jobs whose time has come, oldest first, now leased to
// `holder` for `lease`; each claim counts an attempt.
Task<std::vector<Job>> claim(db::Queryable& db, int n, const std::string& holder, std::chrono::seconds lease);
// The job `id` if it is ready (whatever its run_at): for run-once.
Task<std::optional<Job>> claim_by_id(db::Queryable& db, std::int64_t id, const std::string& holder,
                                     std::chrono::seconds lease);

// Extends the lease; false when it is no longer held.
Task<bool> heartbeat(db::Queryable& db, const Job& job, std::chrono::seconds lease);

// Marks the job done, in the transaction of its effects; throws LeaseLost
// when the lease is no longer held (roll back then).
Task<void> complete(db::Queryable& tx, const Job& job);

enum class Outcome { retry, dead, lost };
// Records a failure: ready again after `delay`, or dead once its attempts
// are used up (`max_attempts` unless the job has its own) or at once when
// `permanent`; the error is kept either way.
Task<Outcome> fail(db::Queryable& db, const Job& job, const std::string& error, std::chrono::milliseconds delay,
                   int max_attempts, bool permanent = false);

// Gives a job back without counting the attempt (a worker shutting down).
Task<bool> release(db::Queryable& db, const Job& job);

// Jobs whose lease expired (their worker died): ready again, or dead when
// their attempts are used up. Returns how many were returned and killed.
struct Reaped {
  std::int64_t ready = 0, dead = 0;
};
Task<Reaped> reap_expired(db::Queryable& db, int max_attempts);

// Dead jobs made ready again with a fresh set of attempts: one (`id`) or
// all (nullopt, `redrive`). Returns how many.
Task<std::int64_t> retry_dead(db::Queryable& db, std::optional<std::int64_t> id);

// Deletes done and relayed jobs finished longer ago than `age`, and old receipts.
Task<std::int64_t> purge_finished(db::Queryable& db, std::chrono::hours age);

struct QueueStats {
  std::string queue;
  std::int64_t ready = 0, delayed = 0, running = 0, dead = 0;
  double oldest_ready_seconds = 0;  // age of the oldest job whose time has come
};
Task<std::vector<QueueStats>> stats(db::Queryable& db);

struct JobRow {
  std::int64_t id = 0;
  std::string queue, kind, state, created_at, run_at;
  int attempts = 0;
  std::optional<std::string> last_error, trace_id;
};
// Newest first, optionally of one state; `before_id` continues a page.
Task<std::vector<JobRow>> list(db::Queryable& db, std::optional<std::string> state,
                               std::optional<std::int64_t> before_id, int limit);

}  // namespace agora::jobs
