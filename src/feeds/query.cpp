#include "feeds/query.hpp"

#include "posts/json_sql.hpp"

namespace agora::feeds {
namespace {

// The sort key as selected (for the cursor) and compared (keyset).
struct Order {
  std::string key;     // expression emitted as the cursor's first field
  std::string column;  // what ORDER BY and the keyset compare
  std::string cursor;  // the cursor field turned back into `column`'s type
};

Order order_for(const std::string& sort) {
  if (sort == "new")
    return {"(extract(epoch FROM p.created_at) * 1000000)::bigint", "p.created_at",
            "(timestamptz 'epoch' + $K::bigint * interval '1 microsecond')"};
  if (sort == "top") return {"p.score", "p.score", "$K::int"};
  return {"p.hot", "p.hot", "$K::float8"};
}

std::string window_interval(const std::string& w) {
  if (w == "day") return "1 day";
  if (w == "week") return "7 days";
  if (w == "month") return "1 month";
  if (w == "year") return "1 year";
  return "";
}

// Every scope re-checks the read rule per row (community scope too, though
// its route checked already): no query can leak a private post.
constexpr const char* kReadable =
    "(c.visibility <> 'private' OR $3::bool OR EXISTS (SELECT 1 FROM community_members rm WHERE "
    "rm.community_id = c.id AND rm.user_id = $1))";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

}  // namespace

Sql feed_sql(const FeedQuery& q) {
  // $1 viewer, $2 limit+1, $3 viewer is admin, then scope and cursor params.
  Sql out;
  out.params.add(q.viewer_id);
  out.params.add(std::int64_t(q.limit) + 1);
  out.params.add(q.viewer_admin);
  int next = 4;
  const auto o = order_for(q.sort);

  std::string filter = "p.state = 'visible'";
  if (q.sort == "top" && !window_interval(q.window).empty())
    filter += " AND p.created_at > now() - interval '" + window_interval(q.window) + "'";
  if (!q.after.empty()) {
    const auto k = "$" + std::to_string(next++);
    const auto id = "$" + std::to_string(next++);
    filter += " AND (" + o.column + ", p.id) < (" + replace_all(o.cursor, "$K", k) + ", " + id + "::bigint)";
    out.params.add(q.after[0]);
    out.params.add(q.after[1]);
  }
  const std::string order = " ORDER BY " + o.column + " DESC, p.id DESC LIMIT $2";
  const std::string select = "SELECT " + posts::post_json_sql(1, false) + ", " + o.key + ", p.id ";
  const std::string joins = "JOIN communities c ON c.id = p.community_id LEFT JOIN users u ON u.id = p.author_id ";

  if (q.scope == "community") {
    const auto c = "$" + std::to_string(next++);
    out.params.add(q.community_id);
    out.text = select + "FROM posts p " + joins + "WHERE p.community_id = " + c + " AND " + filter + " AND " +
               kReadable + order;
  } else if (q.scope == "home") {
    // One bounded index scan per followed community (LATERAL … LIMIT), then
    // the best of those: cost grows with the number of communities followed,
    // not with their size.
    out.text = select +
               "FROM (SELECT s.target_id FROM subscriptions s WHERE s.user_id = $1 AND s.kind = 'community' "
               "AND s.level <> 'muted') s CROSS JOIN LATERAL (SELECT p.* FROM posts p WHERE p.community_id = "
               "s.target_id AND " +
               filter + order + ") p " + joins + "WHERE " + kReadable + order;
  } else {
    out.text = select + "FROM posts p " + joins + "WHERE " + filter + " AND " + kReadable + order;
  }
  return out;
}

Task<Page> feed(db::Queryable& db, const FeedQuery& q) {
  auto sql = feed_sql(q);
  auto r = co_await db.query(sql.text, sql.params);
  co_return db::page_of(r, q.limit, {1, 2});
}

}  // namespace agora::feeds
