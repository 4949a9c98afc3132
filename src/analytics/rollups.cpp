#include "analytics/rollups.hpp"

#include "core/log.hpp"

namespace agora::analytics {

Task<RollupReport> roll_up(db::Queryable& tx) {
  RollupReport r;
  // The buckets (hours, days) of every event stored in the last three hours
  // (an hourly run, a missed one, and margin for transactions still open at
  // the previous run) are recomputed whole from the raw events: a late event
  // lands in its own bucket, and a repeated run changes nothing.
  r.hourly_rows = (co_await tx.query(R"sql(
INSERT INTO analytics_hourly (hour, name, events, users)
SELECT date_trunc('hour', occurred_at), name, sum(amount), count(DISTINCT user_id)
FROM analytics_events
WHERE date_trunc('hour', occurred_at) IN (
  SELECT DISTINCT date_trunc('hour', occurred_at) FROM analytics_events
  WHERE stored_at >= now() - interval '3 hours' AND occurred_at > now() - interval '89 days')
GROUP BY 1, 2
ON CONFLICT (hour, name) DO UPDATE SET events = excluded.events, users = excluded.users)sql"))
                      .affected();
  r.daily_rows = (co_await tx.query(R"sql(
INSERT INTO analytics_daily (day, name, events, users)
SELECT (occurred_at AT TIME ZONE 'UTC')::date, name, sum(amount), count(DISTINCT user_id)
FROM analytics_events
WHERE occurred_at >= now() - interval '90 days' AND (occurred_at AT TIME ZONE 'UTC')::date IN (
  SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date FROM analytics_events
  WHERE stored_at >= now() - interval '3 hours' AND occurred_at > now() - interval '89 days')
GROUP BY 1, 2
ON CONFLICT (day, name) DO UPDATE SET events = excluded.events, users = excluded.users)sql"))
                     .affected();
  r.active_user_days = (co_await tx.query(R"sql(
INSERT INTO analytics_active_users (day, user_id)
SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date, user_id
FROM analytics_events WHERE user_id IS NOT NULL AND stored_at >= now() - interval '3 hours'
ON CONFLICT DO NOTHING)sql"))
                           .affected();
  r.purged_events =
      (co_await tx.query("DELETE FROM analytics_events WHERE occurred_at < now() - interval '90 days'")).affected();
  co_return r;
}

void add_rollup_job(jobs::Registry& registry) {
  registry.add("schedule.analytics-rollups", [](jobs::JobContext& ctx) -> Task<void> {
    const auto r = co_await roll_up(ctx.tx);
    log::info("analytics rolled up", {{"hourly_rows", r.hourly_rows},
                                      {"daily_rows", r.daily_rows},
                                      {"active_user_days", r.active_user_days},
                                      {"purged_events", r.purged_events},
                                      {"trace_id", ctx.job.trace_id}});
  });
}

Task<std::vector<DayStats>> daily_series(db::Queryable& db, int days) {
  auto r = co_await db.query(R"sql(
WITH span AS (
  SELECT generate_series((now() AT TIME ZONE 'UTC')::date - ($1::int - 1), (now() AT TIME ZONE 'UTC')::date,
                         interval '1 day')::date AS day)
SELECT to_char(span.day, 'YYYY-MM-DD'),
       (SELECT count(*) FROM analytics_active_users a WHERE a.day = span.day),
       coalesce(sum(d.events) FILTER (WHERE d.name = 'signup'), 0),
       coalesce(sum(d.events) FILTER (WHERE d.name = 'post'), 0),
       coalesce(sum(d.events) FILTER (WHERE d.name = 'comment'), 0),
       coalesce(sum(d.events) FILTER (WHERE d.name = 'vote'), 0),
       coalesce(sum(d.events) FILTER (WHERE d.name = 'subscription'), 0),
       coalesce(sum(d.events) FILTER (WHERE d.name = 'view'), 0)
FROM span LEFT JOIN analytics_daily d ON d.day = span.day
GROUP BY span.day ORDER BY span.day)sql",
                             db::Params(days));
  std::vector<DayStats> out;
  out.reserve(std::size_t(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.string(i, 0), r.int64(i, 1), r.int64(i, 2), r.int64(i, 3), r.int64(i, 4), r.int64(i, 5),
                   r.int64(i, 6), r.int64(i, 7)});
  co_return out;
}

}  // namespace agora::analytics
