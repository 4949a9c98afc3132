#include "admin/stats.hpp"

#include "core/json_text.hpp"
#include "core/metrics.hpp"

namespace agora::admin {

Task<SiteStats> site_stats(db::Queryable& db) {
  // Totals are exact counts over one table each (tens of milliseconds at a
  // million rows, once a minute for the gauges). Activity comes from the
  // analytics rollups (as of the last hourly run): active users today (UTC)
  // and over 30 days, posts and comments over the last 24 hours.
  auto r = co_await db.query(R"sql(
SELECT (SELECT count(*) FROM users),
       (SELECT count(*) FROM communities),
       (SELECT count(*) FROM posts WHERE state = 'visible'),
       (SELECT count(*) FROM comments WHERE state = 'visible'),
       (SELECT count(*) FROM subscriptions WHERE level <> 'muted'),
       (SELECT count(*) FROM post_votes WHERE value <> 0) + (SELECT count(*) FROM comment_votes WHERE value <> 0),
       (SELECT count(*) FROM reports WHERE status = 'open'),
       (SELECT count(*) FROM analytics_active_users WHERE day = (now() AT TIME ZONE 'UTC')::date),
       (SELECT count(DISTINCT user_id) FROM analytics_active_users
        WHERE day > (now() AT TIME ZONE 'UTC')::date - 30),
       (SELECT coalesce(sum(events), 0) FROM analytics_hourly WHERE name = 'post' AND hour > now() - interval '1 day'),
       (SELECT coalesce(sum(events), 0) FROM analytics_hourly
        WHERE name = 'comment' AND hour > now() - interval '1 day'))sql");
  static const char* names[] = {"users",      "communities",  "posts",           "comments",         "subscriptions",
                                "votes",      "open_reports", "active_users_1d", "active_users_30d", "posts_1d",
                                "comments_1d"};
  SiteStats s;
  for (int i = 0; i < int(std::size(names)); ++i) s.values.emplace_back(names[i], r.int64(0, i));
  co_return s;
}

std::string stats_json(const SiteStats& s) {
  std::string out = "{";
  for (std::size_t i = 0; i < s.values.size(); ++i) {
    if (i) out += ',';
    json_text::append_string(out, s.values[i].first);
    out += ':' + std::to_string(s.values[i].second);
  }
  return out + "}";
}

void publish_gauges(const SiteStats& s) {
  auto& registry = metrics::Registry::global();
  for (const auto& [name, value] : s.values)
    registry.gauge("agora_" + name, "Site statistic '" + name + "' (refreshed every minute).").set(double(value));
}

}  // namespace agora::admin
