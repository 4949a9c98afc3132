#include "moderation/repo.hpp"

#include "db/sql.hpp"

namespace agora::moderation::repo {
namespace {}  // namespace

Task<std::optional<std::int64_t>> insert_report(db::Queryable& db, std::int64_t community_id, std::int64_t reporter,
                                                const std::string& target_type, std::int64_t target_id,
                                                const std::string& reason, const std::string& details) {
  auto r = co_await db.query(
      "INSERT INTO reports (community_id, reporter_id, target_type, target_id, reason, details) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (reporter_id, target_type, target_id) WHERE status = 'open' "
      "DO NOTHING RETURNING id",
      db::Params(community_id, reporter, target_type, target_id, reason, details));
  if (r.empty()) co_return std::nullopt;
  co_return r.int64(0, 0);
}

Task<Page> reports(db::Queryable& db, std::int64_t community_id, const std::string& status,
                   const std::vector<std::string>& after, int limit) {
  db::Params p(community_id, status, std::int64_t(limit + 1));
  std::string sql =
      "SELECT json_build_object('id', r.id, 'target_type', r.target_type, 'target_id', r.target_id, "
      "'reason', r.reason, 'details', r.details, 'status', r.status, 'reporter', ru.username, "
      "'resolved_by', mu.username, 'created_at', " AGORA_TS("r.created_at") ", "
      "'resolved_at', " AGORA_TS("r.resolved_at") ", "
      "'content', CASE r.target_type WHEN 'post' THEN (SELECT json_build_object('title', p.title, 'body', "
      "left(p.body_md, 500), 'state', p.state, 'author', pu.username) FROM posts p LEFT JOIN users pu ON "
      "pu.id = p.author_id WHERE p.id = r.target_id) ELSE (SELECT json_build_object('body', left(k.body_md, 500), "
      "'state', k.state, 'post_id', k.post_id, 'author', ku.username) FROM comments k LEFT JOIN users ku ON "
      "ku.id = k.author_id WHERE k.id = r.target_id) END), r.id "
      "FROM reports r LEFT JOIN users ru ON ru.id = r.reporter_id LEFT JOIN users mu ON mu.id = r.resolved_by "
      "WHERE r.community_id = $1 AND r.status = $2 ";
  if (!after.empty()) {
    sql += "AND r.id < $4::bigint ";
    p.add(after[0]);
  }
  sql += "ORDER BY r.id DESC LIMIT $3";
  auto r = co_await db.query(sql, p);
  co_return db::page_of(r, limit, {1});
}

Task<std::optional<ReportRef>> report(db::Queryable& db, std::int64_t id) {
  auto r = co_await db.query("SELECT community_id, status FROM reports WHERE id = $1", db::Params(id));
  if (r.empty()) co_return std::nullopt;
  co_return ReportRef{r.int64(0, 0), r.string(0, 1)};
}

Task<void> resolve_report(db::Queryable& db, std::int64_t id, std::int64_t moderator, const std::string& status) {
  co_await db.query("UPDATE reports SET status = $3, resolved_by = $2, resolved_at = now() WHERE id = $1",
                    db::Params(id, moderator, status));
}

Task<void> ban(db::Queryable& tx, std::int64_t community_id, std::int64_t user_id, std::int64_t by,
               const std::string& reason, std::optional<std::int64_t> days) {
  co_await tx.query(
      "INSERT INTO community_bans (community_id, user_id, banned_by, reason, expires_at) VALUES ($1, $2, $3, $4, "
      "CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(days => $5::int) END) "
      "ON CONFLICT (community_id, user_id) DO UPDATE SET banned_by = EXCLUDED.banned_by, reason = EXCLUDED.reason, "
      "expires_at = EXCLUDED.expires_at, created_at = now()",
      db::Params(community_id, user_id, by, reason, days));
}

Task<bool> unban(db::Queryable& db, std::int64_t community_id, std::int64_t user_id) {
  auto r = co_await db.query("DELETE FROM community_bans WHERE community_id = $1 AND user_id = $2",
                             db::Params(community_id, user_id));
  co_return r.affected() > 0;
}

Task<void> suspend(db::Queryable& tx, std::int64_t user_id, const std::string& reason, std::int64_t days) {
  co_await tx.query(
      "UPDATE users SET suspended_until = now() + make_interval(days => $2::int), suspend_reason = $3 WHERE id = $1",
      db::Params(user_id, days, reason));
  // Signed-in sessions keep reading; writes check suspended_until.
}

Task<bool> unsuspend(db::Queryable& tx, std::int64_t user_id) {
  auto r = co_await tx.query(
      "UPDATE users SET suspended_until = NULL, suspend_reason = NULL WHERE id = $1 AND suspended_until IS NOT NULL",
      db::Params(user_id));
  co_return r.affected() > 0;
}

Task<Page> log(db::Queryable& db, std::int64_t community_id, const std::vector<std::string>& after, int limit) {
  db::Params p(community_id, std::int64_t(limit + 1));
  std::string sql =
      "SELECT json_build_object('id', a.id, 'community', c.slug, 'moderator', u.username, 'action', a.action, "
      "'target_type', a.target_type, 'target_id', a.target_id, 'reason', a.reason, "
      "'created_at', " AGORA_TS("a.created_at") "), a.id FROM mod_actions a LEFT JOIN users u ON u.id = a.actor_id "
      "LEFT JOIN communities c ON c.id = a.community_id WHERE ($1 = 0 OR a.community_id = $1) ";
  if (!after.empty()) {
    sql += "AND a.id < $3::bigint ";
    p.add(after[0]);
  }
  sql += "ORDER BY a.id DESC LIMIT $2";
  auto r = co_await db.query(sql, p);
  co_return db::page_of(r, limit, {1});
}

}  // namespace agora::moderation::repo
