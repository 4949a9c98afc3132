#include "search/text_search.hpp"

#include "comments/json_sql.hpp"
#include "posts/json_sql.hpp"

namespace agora::search {

Task<Page> text_search(db::Queryable& db, const SearchQuery& q) {
  // $1 viewer, $2 limit+1, $3 admin, $4 query text, $5 community (0: all), $6/$7 cursor.
  db::Params p(q.viewer_id, std::int64_t(q.limit + 1), q.viewer_admin, q.text, q.community_id);
  const bool posts = q.type == "posts";
  const std::string rank = posts ? "ts_rank(p.search, tq)" : "ts_rank(k.search, tq)";
  const std::string id = posts ? "p.id" : "k.id";
  std::string sql = "SELECT " + (posts ? posts::post_json_sql(1, false) : comments::comment_json_sql(1)) + ", " + rank +
                    ", " + id + " FROM websearch_to_tsquery('english', $4) tq, ";
  sql += posts ? "posts p JOIN communities c ON c.id = p.community_id LEFT JOIN users u ON u.id = p.author_id "
                 "WHERE p.search @@ tq "
               : "comments k JOIN posts p ON p.id = k.post_id JOIN communities c ON c.id = p.community_id "
                 "LEFT JOIN users u ON u.id = k.author_id WHERE k.search @@ tq AND k.state = 'visible' ";
  sql +=
      "AND p.state = 'visible' AND ($5 = 0 OR c.id = $5) AND (c.visibility <> 'private' OR $3::bool OR EXISTS "
      "(SELECT 1 FROM community_members rm WHERE rm.community_id = c.id AND rm.user_id = $1)) ";
  if (!q.after.empty()) {
    sql += "AND (" + rank + ", " + id + ") < ($6::real, $7::bigint) ";
    p.add(q.after[0]);
    p.add(q.after[1]);
  }
  sql += "ORDER BY " + rank + " DESC, " + id + " DESC LIMIT $2";
  auto r = co_await db.query(sql, p);
  co_return db::page_of(r, q.limit, {1, 2});
}

}  // namespace agora::search
