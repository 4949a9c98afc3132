#include "ratelimit/limiter.hpp"

#include <algorithm>

namespace agora::ratelimit {

Task<void> hit(db::Queryable& db, const std::string& key, Rule rule) {
  auto r = co_await db.query(R"sql(
INSERT INTO rate_limit_counters AS c (key, window_start, hits) VALUES ($1, now(), 1)
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN c.window_start <= now() - make_interval(secs => $2::int) THEN 1 ELSE c.hits + 1 END,
  window_start = CASE WHEN c.window_start <= now() - make_interval(secs => $2::int) THEN now()
                      ELSE c.window_start END
RETURNING hits, ceil(extract(epoch FROM c.window_start + make_interval(secs => $2::int) - now()))::int)sql",
                             db::Params(key, rule.window_seconds));
  if (r.int64(0, 0) > rule.limit) throw Problem::too_many_requests(std::max<int>(1, int(r.int64(0, 1))));
}

Task<void> check(db::Queryable& db, const std::string& key, Rule rule) {
  auto r = co_await db.query(R"sql(
SELECT hits, ceil(extract(epoch FROM window_start + make_interval(secs => $2::int) - now()))::int
FROM rate_limit_counters WHERE key = $1 AND window_start > now() - make_interval(secs => $2::int))sql",
                             db::Params(key, rule.window_seconds));
  if (!r.empty() && r.int64(0, 0) >= rule.limit) throw Problem::too_many_requests(std::max<int>(1, int(r.int64(0, 1))));
}

Task<void> reset(db::Queryable& db, const std::string& key) {
  co_await db.query("DELETE FROM rate_limit_counters WHERE key = $1", db::Params(key));
}

Task<std::int64_t> purge_stale(db::Queryable& db) {
  auto r = co_await db.query("DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 day'");
  co_return r.affected();
}

}  // namespace agora::ratelimit
