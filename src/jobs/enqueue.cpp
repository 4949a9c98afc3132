#include "jobs/enqueue.hpp"

namespace agora::jobs {

Task<std::optional<std::int64_t>> enqueue(db::Queryable& tx, const NewJob& job) {
  auto r = co_await tx.query(
      R"sql(
INSERT INTO jobs (queue, kind, payload, trace_id, ordering_key, idempotency_key, max_attempts, run_at)
VALUES ($1, $2, $3::jsonb, NULLIF($4, ''), $5, $6, $7::int, now() + make_interval(secs => $8::int))
ON CONFLICT (idempotency_key) DO NOTHING
RETURNING id)sql",
      db::Params(std::string(queue_for(job.kind)), job.kind, job.payload, job.trace_id, job.ordering_key,
                 job.idempotency_key, job.max_attempts, std::int64_t(job.delay.count())));
  if (r.empty()) co_return std::nullopt;
  co_return r.int64(0, 0);
}

}  // namespace agora::jobs
