#include "search/text_search.hpp"

#include "comments/json_sql.hpp"
#include "posts/json_sql.hpp"

namespace agora::search {

Task<Page> text_search(db::Queryable& db, const SearchQuery& q) {
  // $1 viewer (for my_vote), $2 limit+1, $3 query text; then the filters', then the cursor's.
  db::Params p(q.filters.viewer_id, std::int64_t(q.limit + 1), q.text);
  const bool posts = q.type == "posts";
  const std::string rank = posts ? "ts_rank(p.search, tq)" : "ts_rank(k.search, tq)";
  const std::string id = posts ? "p.id" : "k.id";
  std::string sql = "SELECT " + (posts ? posts::post_json_sql(1, false) : comments::comment_json_sql(1)) + ", " + rank +
                    ", " + id + " FROM websearch_to_tsquery('english', $3) tq, ";
  if (posts) {
    sql +=
        "posts p JOIN communities c ON c.id = p.community_id LEFT JOIN users u ON u.id = p.author_id "
        "WHERE p.search @@ tq AND " +
        filters_sql(q.filters, p);
  } else {
    // The post's rules (visible, readable, community); the comment's author and time.
    Filters on_post = q.filters;
    on_post.author_id = 0;
    on_post.since = on_post.until = std::nullopt;
    sql +=
        "comments k JOIN posts p ON p.id = k.post_id JOIN communities c ON c.id = p.community_id "
        "LEFT JOIN users u ON u.id = k.author_id WHERE k.search @@ tq AND k.state = 'visible' AND " +
        filters_sql(on_post, p);
    const auto next = [&p] { return "$" + std::to_string(p.values().size()); };
    if (q.filters.author_id) {
      p.add(q.filters.author_id);
      sql += " AND k.author_id = " + next();
    }
    if (q.filters.since) {
      p.add(*q.filters.since);
      sql += " AND k.created_at >= " + next() + "::timestamptz";
    }
    if (q.filters.until) {
      p.add(*q.filters.until);
      sql += " AND k.created_at < " + next() + "::timestamptz";
    }
  }
  if (!q.after.empty()) {
    p.add(q.after[0]);
    p.add(q.after[1]);
    const auto n = p.values().size();
    sql +=
        " AND (" + rank + ", " + id + ") < ($" + std::to_string(n - 1) + "::real, $" + std::to_string(n) + "::bigint)";
  }
  sql += " ORDER BY " + rank + " DESC, " + id + " DESC LIMIT $2";
  auto r = co_await db.query(sql, p);
  co_return db::page_of(r, q.limit, {1, 2});
}

}  // namespace agora::search
