#include "votes/repo.hpp"

namespace agora::votes::repo {
namespace {

// `target` is posts or comments; `votes` its vote table; `key` the column.
// hot is only kept for posts.
std::string vote_sql(const char* target, const char* votes, const char* key, bool with_hot) {
  std::string delta_up = "(v.value = 1)::int - (v.prev_value = 1)::int";
  std::string delta_down = "(v.value = -1)::int - (v.prev_value = -1)::int";
  std::string sql = std::string("WITH v AS (INSERT INTO ") + votes + " AS t (" + key +
                    ", user_id, value, prev_value) VALUES ($1, $2, $3, 0) ON CONFLICT (" + key +
                    ", user_id) DO UPDATE SET prev_value = t.value, value = EXCLUDED.value, voted_at = now() "
                    "WHERE t.value <> EXCLUDED.value RETURNING value, prev_value), "
                    "upd AS (UPDATE " +
                    target + " x SET upvotes = x.upvotes + " + delta_up + ", downvotes = x.downvotes + " + delta_down +
                    ", score = x.score + (" + delta_up + ") - (" + delta_down + ")";
  if (with_hot) sql += ", hot = agora_hot(x.score + (" + delta_up + ") - (" + delta_down + "), x.created_at)";
  sql += std::string(
             " FROM v WHERE x.id = $1 AND x.author_id IS DISTINCT FROM $2 "
             "RETURNING x.score, x.upvotes, x.downvotes) "
             "SELECT coalesce(upd.score, x.score), coalesce(upd.upvotes, x.upvotes), "
             "coalesce(upd.downvotes, x.downvotes) FROM ") +
         target + " x LEFT JOIN upd ON true WHERE x.id = $1";
  return sql;
}

Task<Tally> run(db::Queryable& db, const std::string& sql, std::int64_t id, std::int64_t user_id, int value) {
  auto r = co_await db.query(sql, db::Params(id, user_id, value));
  co_return Tally{int(r.int64(0, 0)), int(r.int64(0, 1)), int(r.int64(0, 2)), value};
}

}  // namespace

Task<Tally> vote_post(db::Queryable& db, std::int64_t post_id, std::int64_t user_id, int value) {
  static const std::string sql = vote_sql("posts", "post_votes", "post_id", true);
  co_return co_await run(db, sql, post_id, user_id, value);
}

Task<Tally> vote_comment(db::Queryable& db, std::int64_t comment_id, std::int64_t user_id, int value) {
  static const std::string sql = vote_sql("comments", "comment_votes", "comment_id", false);
  co_return co_await run(db, sql, comment_id, user_id, value);
}

}  // namespace agora::votes::repo
