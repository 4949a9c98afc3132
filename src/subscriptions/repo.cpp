#include "subscriptions/repo.hpp"

#include "db/sql.hpp"

namespace agora::subscriptions::repo {

Task<void> upsert(db::Queryable& db, std::int64_t user_id, const std::string& kind, std::int64_t target_id,
                  const std::string& level) {
  co_await db.query(
      "INSERT INTO subscriptions (user_id, kind, target_id, level) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (user_id, kind, target_id) DO UPDATE SET level = EXCLUDED.level",
      db::Params(user_id, kind, target_id, level));
}

Task<bool> remove(db::Queryable& db, std::int64_t user_id, const std::string& kind, std::int64_t target_id) {
  auto r = co_await db.query("DELETE FROM subscriptions WHERE user_id = $1 AND kind = $2 AND target_id = $3",
                             db::Params(user_id, kind, target_id));
  co_return r.affected() > 0;
}

Task<Page> list(db::Queryable& db, std::int64_t user_id, const std::string& kind, const std::vector<std::string>& after,
                int limit) {
  // The target's name: community slug, post title, username. Targets the
  // user can no longer read (a private community left) are not shown.
  db::Params p(user_id, kind, std::int64_t(limit + 1));
  std::string sql =
      "SELECT json_build_object('kind', s.kind, 'level', s.level, 'created_at', " AGORA_TS("s.created_at") ", "
      "'community', c.slug, 'post_id', CASE WHEN s.kind = 'post' THEN s.target_id END, "
      "'post_title', CASE WHEN po.id IS NULL THEN NULL WHEN po.state = 'visible' THEN po.title "
      "WHEN po.state = 'deleted' THEN '[deleted]' ELSE '[removed]' END, "
      "'username', u.username), s.target_id "
      "FROM subscriptions s "
      "LEFT JOIN communities c ON s.kind = 'community' AND c.id = s.target_id "
      "LEFT JOIN posts po ON s.kind = 'post' AND po.id = s.target_id "
      "LEFT JOIN communities pc ON pc.id = po.community_id "
      "LEFT JOIN users u ON s.kind = 'user' AND u.id = s.target_id "
      "WHERE s.user_id = $1 AND s.kind = $2 "
      "AND (coalesce(c.visibility, pc.visibility, 'public') <> 'private' OR "
      "EXISTS (SELECT 1 FROM community_members m WHERE m.user_id = $1 AND m.community_id = coalesce(c.id, pc.id)))";
  sql = "SELECT * FROM (" + sql + ") x(j, target_id) ";
  if (!after.empty()) {
    sql += "WHERE x.target_id < $4::bigint ";
    p.add(after[0]);
  }
  sql += "ORDER BY x.target_id DESC LIMIT $3";
  auto r = co_await db.query(sql, p);
  co_return db::page_of(r, limit, {1});
}

}  // namespace agora::subscriptions::repo
