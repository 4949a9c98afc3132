#include "jobs/pg_queue.hpp"

#include "db/sql.hpp"

namespace agora::jobs {
namespace {

constexpr const char* kReturning = R"sql(
RETURNING j.id, j.queue, j.kind, j.payload::text, coalesce(j.trace_id, ''), j.attempts, j.max_attempts,
          j.lease_token::text)sql";

}  // namespace

std::vector<Job> jobs_of(const db::Result& r) {
  std::vector<Job> out;
  out.reserve(std::size_t(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    Job j;
    j.id = r.int64(i, 0);
    j.queue = r.string(i, 1);
    j.kind = r.string(i, 2);
    j.payload = r.string(i, 3);
    j.trace_id = r.string(i, 4);
    j.attempt = int(r.int64(i, 5));
    if (!r.is_null(i, 6)) j.max_attempts = int(r.int64(i, 6));
    j.lease_token = r.string(i, 7);
    out.push_back(std::move(j));
  }
  return out;
}

namespace {

std::int64_t secs(std::chrono::seconds s) { return std::int64_t(s.count()); }

}  // namespace

Task<std::vector<Job>> claim(db::Queryable& db, int n, const std::string& holder, std::chrono::seconds lease) {
  auto r = co_await db.query(std::string(R"sql(
WITH picked AS (
  SELECT id FROM jobs WHERE state = 'ready' AND run_at <= now()
  ORDER BY run_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_token = gen_random_uuid(), leased_by = $2,
                  lease_until = now() + make_interval(secs => $3::int), started_at = coalesce(j.started_at, now())
FROM picked WHERE j.id = picked.id)sql") +
                                 kReturning,
                             db::Params(n, holder, secs(lease)));
  co_return jobs_of(r);
}

Task<std::optional<Job>> claim_by_id(db::Queryable& db, std::int64_t id, const std::string& holder,
                                     std::chrono::seconds lease) {
  auto r = co_await db.query(std::string(R"sql(
UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_token = gen_random_uuid(), leased_by = $2,
                  lease_until = now() + make_interval(secs => $3::int), started_at = coalesce(j.started_at, now())
WHERE j.id = $1 AND j.state = 'ready')sql") +
                                 kReturning,
                             db::Params(id, holder, secs(lease)));
  auto jobs = jobs_of(r);
  if (jobs.empty()) co_return std::nullopt;
  co_return std::move(jobs.front());
}

Task<bool> heartbeat(db::Queryable& db, const Job& job, std::chrono::seconds lease) {
  auto r = co_await db.query(
      "UPDATE jobs SET lease_until = now() + make_interval(secs => $3::int) "
      "WHERE id = $1 AND lease_token = $2::uuid AND state = 'running'",
      db::Params(job.id, job.lease_token, secs(lease)));
  co_return r.affected() == 1;
}

Task<void> complete(db::Queryable& tx, const Job& job) {
  auto r = co_await tx.query(
      "UPDATE jobs SET state = 'done', finished_at = now(), lease_token = NULL, lease_until = NULL, last_error = NULL "
      "WHERE id = $1 AND lease_token = $2::uuid AND state = 'running'",
      db::Params(job.id, job.lease_token));
  if (r.affected() != 1) throw LeaseLost("job " + std::to_string(job.id) + " is no longer leased to this worker");
}

Task<Outcome> fail(db::Queryable& db, const Job& job, const std::string& error, std::chrono::milliseconds delay,
                   int max_attempts, bool permanent) {
  auto r = co_await db.query(
      R"sql(
UPDATE jobs SET state = CASE WHEN $6 OR attempts >= coalesce(max_attempts, $4) THEN 'dead' ELSE 'ready' END,
                run_at = now() + make_interval(secs => $3::double precision / 1000),
                finished_at = CASE WHEN $6 OR attempts >= coalesce(max_attempts, $4) THEN now() END,
                last_error = left($5, 2000), lease_token = NULL, lease_until = NULL
WHERE id = $1 AND lease_token = $2::uuid AND state = 'running'
RETURNING state)sql",
      db::Params(job.id, job.lease_token, std::int64_t(delay.count()), max_attempts, error, permanent));
  if (r.empty()) co_return Outcome::lost;
  co_return r.text(0, 0) == "dead" ? Outcome::dead : Outcome::retry;
}

Task<bool> release(db::Queryable& db, const Job& job) {
  auto r = co_await db.query(
      "UPDATE jobs SET state = 'ready', attempts = greatest(attempts - 1, 0), run_at = now(), lease_token = NULL, "
      "lease_until = NULL WHERE id = $1 AND lease_token = $2::uuid AND state = 'running'",
      db::Params(job.id, job.lease_token));
  co_return r.affected() == 1;
}

Task<Reaped> reap_expired(db::Queryable& db, int max_attempts) {
  auto r = co_await db.query(R"sql(
WITH expired AS (
  SELECT id FROM jobs WHERE state = 'running' AND lease_until < now() FOR UPDATE SKIP LOCKED)
UPDATE jobs j SET state = CASE WHEN j.attempts >= coalesce(j.max_attempts, $1) THEN 'dead' ELSE 'ready' END,
                  finished_at = CASE WHEN j.attempts >= coalesce(j.max_attempts, $1) THEN now() END,
                  run_at = now(), lease_token = NULL, lease_until = NULL,
                  last_error = 'lease expired: the worker ' || coalesce(j.leased_by, '?') || ' stopped or stalled'
FROM expired WHERE j.id = expired.id
RETURNING j.state)sql",
                             db::Params(max_attempts));
  Reaped out;
  for (int i = 0; i < r.rows(); ++i) (r.text(i, 0) == "dead" ? out.dead : out.ready) += 1;
  co_return out;
}

Task<std::int64_t> retry_dead(db::Queryable& db, std::optional<std::int64_t> id) {
  auto r = co_await db.query(
      "UPDATE jobs SET state = 'ready', attempts = 0, run_at = now(), finished_at = NULL "
      "WHERE state = 'dead' AND ($1::bigint IS NULL OR id = $1)",
      db::Params(id));
  co_return r.affected();
}

Task<std::int64_t> purge_finished(db::Queryable& db, std::chrono::hours age) {
  const std::int64_t hours = age.count();
  auto r = co_await db.query(
      "DELETE FROM jobs WHERE state IN ('done', 'relayed') AND finished_at < now() - make_interval(hours => $1::int)",
      db::Params(hours));
  auto receipts = co_await db.query("DELETE FROM job_receipts WHERE done_at < now() - make_interval(hours => $1::int)",
                                    db::Params(hours));
  co_return r.affected() + receipts.affected();
}

Task<std::vector<QueueStats>> stats(db::Queryable& db) {
  auto r = co_await db.query(R"sql(
SELECT q.queue,
       count(*) FILTER (WHERE state = 'ready' AND run_at <= now()),
       count(*) FILTER (WHERE state = 'ready' AND run_at > now()),
       count(*) FILTER (WHERE state = 'running'),
       count(*) FILTER (WHERE state = 'dead'),
       coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE state = 'ready' AND run_at <= now())), 0)::float8
FROM (VALUES ('emails'), ('analytics'), ('jobs')) AS q(queue)
LEFT JOIN jobs ON jobs.queue = q.queue AND jobs.state IN ('ready', 'running', 'dead')
GROUP BY q.queue ORDER BY q.queue)sql");
  std::vector<QueueStats> out;
  out.reserve(std::size_t(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back(
        {r.string(i, 0), r.int64(i, 1), r.int64(i, 2), r.int64(i, 3), r.int64(i, 4), std::stod(r.string(i, 5))});
  co_return out;
}

Task<std::vector<JobRow>> list(db::Queryable& db, std::optional<std::string> state,
                               std::optional<std::int64_t> before_id, int limit) {
  auto r = co_await db.query("SELECT id, queue, kind, state, " AGORA_TS("created_at") ", " AGORA_TS(
                                 "run_at") ", attempts, last_error, trace_id FROM jobs "
                                           "WHERE ($1::text IS NULL OR state = $1) AND ($2::bigint IS NULL OR id < $2) "
                                           "ORDER BY id DESC LIMIT $3",
                             db::Params(state, before_id, limit));
  std::vector<JobRow> out;
  out.reserve(std::size_t(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.int64(i, 0), r.string(i, 1), r.string(i, 2), r.string(i, 3), r.string(i, 4), r.string(i, 5),
                   int(r.int64(i, 6)), r.optional_string(i, 7), r.optional_string(i, 8)});
  co_return out;
}

}  // namespace agora::jobs
