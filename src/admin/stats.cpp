#include "admin/stats.hpp"

#include "core/json_text.hpp"
#include "core/metrics.hpp"

namespace agora::admin {

Task<SiteStats> site_stats(db::Queryable& db) {
  // Exact counts: every one is an index-only or sequential count over one
  // table, a few tens of milliseconds at a million rows, run once a minute
  // for the gauges and on demand by admins.
  auto r = co_await db.query(R"sql(
SELECT (SELECT count(*) FROM users),
       (SELECT count(*) FROM communities),
       (SELECT count(*) FROM posts WHERE state = 'visible'),
       (SELECT count(*) FROM comments WHERE state = 'visible'),
       (SELECT count(*) FROM subscriptions WHERE level <> 'muted'),
       (SELECT count(*) FROM post_votes WHERE value <> 0) + (SELECT count(*) FROM comment_votes WHERE value <> 0),
       (SELECT count(*) FROM reports WHERE status = 'open'),
       (SELECT count(*) FROM (SELECT author_id FROM posts WHERE created_at > now() - interval '1 day'
                              UNION SELECT author_id FROM comments WHERE created_at > now() - interval '1 day'
                              UNION SELECT user_id FROM post_votes WHERE voted_at > now() - interval '1 day') a),
       (SELECT count(*) FROM (SELECT author_id FROM posts WHERE created_at > now() - interval '30 days'
                              UNION SELECT author_id FROM comments WHERE created_at > now() - interval '30 days'
                              UNION SELECT user_id FROM post_votes WHERE voted_at > now() - interval '30 days') a),
       (SELECT count(*) FROM posts WHERE created_at > now() - interval '1 day'),
       (SELECT count(*) FROM comments WHERE created_at > now() - interval '1 day'))sql");
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
