#include "profiles/repo.hpp"

#include "comments/json_sql.hpp"
#include "db/sql.hpp"
#include "posts/json_sql.hpp"

namespace agora::profiles::repo {
namespace {

constexpr const char* kReadable =
    "(c.visibility <> 'private' OR $3::bool OR EXISTS (SELECT 1 FROM community_members rm "
    "WHERE rm.community_id = c.id AND rm.user_id = $2))";

}  // namespace

Task<std::optional<std::string>> profile(db::Queryable& db, const std::string& username, std::int64_t viewer_id) {
  // Counts are of visible content in communities that are not private, so a
  // profile does not reveal activity in private communities.
  auto r = co_await db.query(
      "SELECT json_build_object('id', u.id, 'username', u.username, 'display_name', u.display_name, 'bio', u.bio, "
      "'avatar_url', u.avatar_url, 'role', u.role, 'created_at', " AGORA_TS("u.created_at") ", "
      "'post_count', (SELECT count(*) FROM posts p JOIN communities c ON c.id = p.community_id "
      "  WHERE p.author_id = u.id AND p.state = 'visible' AND c.visibility <> 'private'), "
      "'comment_count', (SELECT count(*) FROM comments k JOIN posts p ON p.id = k.post_id JOIN communities c "
      "  ON c.id = p.community_id WHERE k.author_id = u.id AND k.state = 'visible' AND c.visibility <> 'private'), "
      "'follower_count', (SELECT count(*) FROM subscriptions s WHERE s.kind = 'user' AND s.target_id = u.id "
      "  AND s.level <> 'muted'), "
      "'suspended', coalesce(u.suspended_until > now(), false), "
      "'my_subscription', (SELECT s.level FROM subscriptions s WHERE s.user_id = $2 AND s.kind = 'user' "
      "  AND s.target_id = u.id)) FROM users u WHERE lower(u.username) = lower($1)",
      db::Params(username, viewer_id));
  if (r.empty()) co_return std::nullopt;
  co_return r.string(0, 0);
}

Task<Page> posts_by(db::Queryable& db, std::int64_t author_id, std::int64_t viewer_id, bool viewer_admin,
                    const std::vector<std::string>& after, int limit) {
  db::Params p(author_id, viewer_id, viewer_admin, std::int64_t(limit + 1));
  std::string sql = "SELECT " + posts::post_json_sql(2, false) +
                    ", p.id FROM posts p JOIN communities c ON c.id = p.community_id LEFT JOIN users u ON "
                    "u.id = p.author_id WHERE p.author_id = $1 AND p.state = 'visible' AND " +
                    kReadable;
  if (!after.empty()) {
    sql += " AND p.id < $5::bigint";
    p.add(after[0]);
  }
  sql += " ORDER BY p.id DESC LIMIT $4";
  auto r = co_await db.query(sql, p);
  co_return db::page_of(r, limit, {1});
}

Task<Page> comments_by(db::Queryable& db, std::int64_t author_id, std::int64_t viewer_id, bool viewer_admin,
                       const std::vector<std::string>& after, int limit) {
  db::Params p(author_id, viewer_id, viewer_admin, std::int64_t(limit + 1));
  std::string sql = "SELECT " + comments::comment_json_sql(2) +
                    ", k.id FROM comments k JOIN posts p ON p.id = k.post_id JOIN communities c ON "
                    "c.id = p.community_id LEFT JOIN users u ON u.id = k.author_id WHERE k.author_id = $1 AND "
                    "k.state = 'visible' AND p.state = 'visible' AND " +
                    kReadable;
  if (!after.empty()) {
    sql += " AND k.id < $5::bigint";
    p.add(after[0]);
  }
  sql += " ORDER BY k.id DESC LIMIT $4";
  auto r = co_await db.query(sql, p);
  co_return db::page_of(r, limit, {1});
}

Task<std::string> settings(db::Queryable& db, std::int64_t user_id) {
  auto r = co_await db.query(
      "SELECT json_build_object('username', username, 'email', email, 'display_name', display_name, 'bio', bio, "
      "'avatar_url', avatar_url, 'suspended_until', " AGORA_TS("suspended_until") ") FROM users WHERE id = $1",
      db::Params(user_id));
  co_return r.string(0, 0);
}

Task<void> update_settings(db::Queryable& db, std::int64_t user_id, const Settings& s, bool clear_avatar) {
  co_await db.query(
      "UPDATE users SET display_name = coalesce($2, display_name), bio = coalesce($3, bio), "
      "avatar_url = CASE WHEN $5 THEN NULL ELSE coalesce($4, avatar_url) END, updated_at = now() WHERE id = $1",
      db::Params(user_id, s.display_name, s.bio, s.avatar_url, clear_avatar));
}

}  // namespace agora::profiles::repo
