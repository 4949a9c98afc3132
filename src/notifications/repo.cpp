#include "notifications/repo.hpp"

#include "db/sql.hpp"

namespace agora::notifications::repo {
namespace {

// The notification's community is readable by its recipient $1.
constexpr const char* kStillReadable =
    "(n.community_id IS NULL OR c.visibility <> 'private' OR EXISTS (SELECT 1 FROM community_members m "
    "WHERE m.community_id = n.community_id AND m.user_id = $1) OR EXISTS (SELECT 1 FROM users au "
    "WHERE au.id = $1 AND au.role = 'admin'))";

// Tells the user's live streams (on every replica) that the unread count
// changed. Part of the UPDATE's statement, hence of its transaction: sent
// only if the change commits.
constexpr const char* kAnnounceUnreadChange =
    "pg_notify('agora_events', json_build_object('type', 'unread', 'user_id', $1::bigint)::text)";

}  // namespace

Task<Page> list(db::Queryable& db, std::int64_t user_id, bool unread_only, const std::vector<std::string>& after,
                int limit) {
  db::Params p(user_id, std::int64_t(limit + 1));
  std::string sql = std::string(
      "SELECT json_build_object('id', n.id, 'kind', n.kind, 'message', n.message, "
      "'actor', a.username, 'community', c.slug, 'post_id', n.post_id, 'comment_id', n.comment_id, "
      "'post_title', CASE WHEN po.state = 'visible' THEN po.title END, "
      "'read', n.read_at IS NOT NULL, 'created_at', " AGORA_TS("n.created_at") "), n.id "
      "FROM notifications n LEFT JOIN users a ON a.id = n.actor_id "
      "LEFT JOIN communities c ON c.id = n.community_id LEFT JOIN posts po ON po.id = n.post_id "
      "WHERE n.user_id = $1 AND ") + kStillReadable;
  if (unread_only) sql += " AND n.read_at IS NULL";
  if (!after.empty()) {
    sql += " AND n.id < $3::bigint";
    p.add(after[0]);
  }
  sql += " ORDER BY n.id DESC LIMIT $2";
  auto r = co_await db.query(sql, p);
  co_return db::page_of(r, limit, {1});
}

Task<std::int64_t> unread_count(db::Queryable& db, std::int64_t user_id) {
  auto r = co_await db.query(std::string("SELECT count(*) FROM notifications n LEFT JOIN communities c ON "
                                         "c.id = n.community_id WHERE n.user_id = $1 AND n.read_at IS NULL AND ") +
                                 kStillReadable,
                             db::Params(user_id));
  co_return r.int64(0, 0);
}

Task<bool> mark_read(db::Queryable& db, std::int64_t user_id, std::int64_t id) {
  auto r = co_await db.query(std::string("WITH u AS (UPDATE notifications SET read_at = coalesce(read_at, now()) "
                                         "WHERE id = $2 AND user_id = $1 RETURNING user_id) SELECT ") +
                                 kAnnounceUnreadChange + " FROM u",
                             db::Params(user_id, id));
  co_return !r.empty();
}

Task<std::int64_t> mark_all_read(db::Queryable& db, std::int64_t user_id, std::int64_t up_to_id) {
  auto r = co_await db.query(std::string("WITH u AS (UPDATE notifications SET read_at = now() WHERE user_id = $1 "
                                         "AND read_at IS NULL AND ($2 = 0 OR id <= $2) RETURNING 1), "
                                         "marked AS (SELECT count(*) AS n FROM u) "
                                         "SELECT n, (SELECT count(") +
                                 kAnnounceUnreadChange + ") WHERE n > 0) FROM marked",
                             db::Params(user_id, up_to_id));
  co_return r.int64(0, 0);
}

}  // namespace agora::notifications::repo
