#include "communities/repo.hpp"

#include "communities/json_sql.hpp"

namespace agora::communities::repo {

Task<std::int64_t> insert(db::Queryable& tx, const NewCommunity& c, std::int64_t owner_id) {
  auto r = co_await tx.query(
      "INSERT INTO communities (slug, name, description, rules, visibility, created_by, member_count) "
      "VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id",
      db::Params(c.slug, c.name, c.description, c.rules, c.visibility, owner_id));
  const auto id = r.int64(0, 0);
  co_await tx.query("INSERT INTO community_members (community_id, user_id, role) VALUES ($1, $2, 'owner')",
                    db::Params(id, owner_id));
  co_await tx.query(
      "INSERT INTO subscriptions (user_id, kind, target_id, level) VALUES ($1, 'community', $2, 'replies') "
      "ON CONFLICT DO NOTHING",
      db::Params(owner_id, id));
  co_return id;
}

Task<std::string> json_by_id(db::Queryable& db, std::int64_t id, std::int64_t viewer_id) {
  auto r = co_await db.query("SELECT " AGORA_COMMUNITY_JSON " FROM communities c WHERE c.id = $1",
                             db::Params(id, viewer_id));
  co_return r.string(0, 0);
}

Task<Page> list(db::Queryable& db, std::int64_t viewer_id, bool admin, const std::string& sort,
                const std::vector<std::string>& after, int limit) {
  // Keyset pagination: (member_count, id) or (id) strictly after the cursor.
  const bool by_members = sort == "members";
  std::string sql = "SELECT " AGORA_COMMUNITY_JSON
                    ", c.member_count, c.id FROM communities c WHERE "
                    "(c.visibility <> 'private' OR $3::bool OR EXISTS (SELECT 1 FROM community_members rm "
                    "WHERE rm.community_id = c.id AND rm.user_id = $2)) ";
  db::Params p;
  p.add(std::int64_t(limit) + 1);
  p.add(viewer_id);
  p.add(admin);
  if (by_members) {
    if (!after.empty()) {
      sql += "AND (c.member_count, c.id) < ($4::int, $5::bigint) ";
      p.add(after[0]);
      p.add(after[1]);
    }
    sql += "ORDER BY c.member_count DESC, c.id DESC LIMIT $1";
  } else {
    if (!after.empty()) {
      sql += "AND c.id < $4::bigint ";
      p.add(after[1]);
    }
    sql += "ORDER BY c.id DESC LIMIT $1";
  }
  auto r = co_await db.query(sql, p);
  co_return db::page_of(r, limit, {1, 2});
}

Task<void> update(db::Queryable& db, std::int64_t id, const Changes& c) {
  co_await db.query(
      "UPDATE communities SET name = coalesce($2, name), description = coalesce($3, description), "
      "rules = coalesce($4, rules), visibility = coalesce($5, visibility), updated_at = now() WHERE id = $1",
      db::Params(id, c.name, c.description, c.rules, c.visibility));
}

Task<bool> add_member(db::Queryable& tx, std::int64_t community_id, std::int64_t user_id, const std::string& role) {
  auto r = co_await tx.query(
      "WITH ins AS (INSERT INTO community_members (community_id, user_id, role) VALUES ($1, $2, $3) "
      "ON CONFLICT DO NOTHING RETURNING 1) "
      "UPDATE communities SET member_count = member_count + 1 WHERE id = $1 AND EXISTS (SELECT 1 FROM ins) "
      "RETURNING 1",
      db::Params(community_id, user_id, role));
  if (r.empty()) co_return false;
  co_await tx.query(
      "INSERT INTO subscriptions (user_id, kind, target_id, level) VALUES ($1, 'community', $2, 'replies') "
      "ON CONFLICT DO NOTHING",
      db::Params(user_id, community_id));
  co_return true;
}

Task<bool> remove_member(db::Queryable& tx, std::int64_t community_id, std::int64_t user_id) {
  auto r = co_await tx.query(
      "WITH del AS (DELETE FROM community_members WHERE community_id = $1 AND user_id = $2 RETURNING 1) "
      "UPDATE communities SET member_count = member_count - 1 WHERE id = $1 AND EXISTS (SELECT 1 FROM del) "
      "RETURNING 1",
      db::Params(community_id, user_id));
  co_await tx.query("DELETE FROM subscriptions WHERE user_id = $1 AND kind = 'community' AND target_id = $2",
                    db::Params(user_id, community_id));
  co_return !r.empty();
}

Task<void> set_role(db::Queryable& tx, std::int64_t community_id, std::int64_t user_id, const std::string& role) {
  co_await tx.query("UPDATE community_members SET role = $3 WHERE community_id = $1 AND user_id = $2",
                    db::Params(community_id, user_id, role));
}

Task<std::string> role_of(db::Queryable& db, std::int64_t community_id, std::int64_t user_id) {
  auto r = co_await db.query("SELECT role FROM community_members WHERE community_id = $1 AND user_id = $2",
                             db::Params(community_id, user_id));
  co_return r.empty() ? std::string() : r.string(0, 0);
}

Task<Page> members(db::Queryable& db, std::int64_t community_id, const std::vector<std::string>& after, int limit) {
  db::Params p(community_id, std::int64_t(limit + 1));
  std::string sql =
      "SELECT json_build_object('username', u.username, 'display_name', u.display_name, 'role', m.role, "
      "'joined_at', " AGORA_TS("m.joined_at") "), m.user_id FROM community_members m JOIN users u ON u.id = m.user_id "
      "WHERE m.community_id = $1 ";
  if (!after.empty()) {
    sql += "AND m.user_id > $3::bigint ";
    p.add(after[0]);
  }
  sql += "ORDER BY m.user_id LIMIT $2";
  auto r = co_await db.query(sql, p);
  co_return db::page_of(r, limit, {1});
}

}  // namespace agora::communities::repo
