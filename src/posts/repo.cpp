#include "posts/repo.hpp"

#include "content/paging.hpp"
#include "content/plain_text.hpp"
#include "db/page.hpp"
#include "db/sql.hpp"
#include "posts/json_sql.hpp"

namespace agora::posts::repo {

std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

Task<std::int64_t> insert(db::Queryable& tx, const NewPost& p) {
  auto r = co_await tx.query(
      "WITH ins AS (INSERT INTO posts (community_id, author_id, title, body_md, body_html, excerpt, tags, hot) "
      "VALUES ($1, $2, $3, $4, $5, $7, $6::text[], agora_hot(0, now())) RETURNING id) "
      "UPDATE communities SET post_count = post_count + 1 FROM ins WHERE communities.id = $1 RETURNING ins.id",
      db::Params(p.community_id, p.author_id, p.title, p.body_md, p.body_html, text_array(p.tags),
                 content::excerpt(p.body_md)));
  const auto id = r.int64(0, 0);
  // Authors hear about every comment on their post until they mute it.
  co_await tx.query(
      "INSERT INTO subscriptions (user_id, kind, target_id, level) VALUES ($1, 'post', $2, 'all') "
      "ON CONFLICT DO NOTHING",
      db::Params(p.author_id, id));
  co_return id;
}

Task<std::string> json_by_id(db::Queryable& db, std::int64_t id, std::int64_t viewer_id) {
  auto r = co_await db.query("SELECT " + post_json_sql(2, true) +
                                 " FROM posts p JOIN communities c ON c.id = p.community_id "
                                 "LEFT JOIN users u ON u.id = p.author_id WHERE p.id = $1",
                             db::Params(id, viewer_id));
  co_return r.string(0, 0);
}

Task<void> edit(db::Queryable& tx, std::int64_t id, std::int64_t editor_id, const Edit& e) {
  co_await tx.query(
      "INSERT INTO post_revisions (post_id, editor_id, title, body_md, tags) "
      "SELECT p.id, $2, p.title, p.body_md, p.tags FROM posts p WHERE p.id = $1 AND NOT EXISTS ("
      "SELECT 1 FROM (SELECT r.editor_id, r.created_at FROM post_revisions r WHERE r.post_id = $1 "
      "ORDER BY r.id DESC LIMIT 1) last "
      "WHERE last.editor_id = $2 AND last.created_at > now() - make_interval(secs => $3))",
      db::Params(id, editor_id, kRevisionGraceSeconds));
  std::optional<std::string> tags;
  if (e.tags) tags = text_array(*e.tags);
  std::optional<std::string> excerpt;
  if (e.body_md) excerpt = content::excerpt(*e.body_md);
  co_await tx.query(
      "UPDATE posts SET title = coalesce($2, title), body_md = coalesce($3, body_md), "
      "body_html = coalesce($4, body_html), tags = coalesce($5::text[], tags), excerpt = coalesce($6, excerpt), "
      "edited_at = now() WHERE id = $1",
      db::Params(id, e.title, e.body_md, e.body_html, tags, excerpt));
}

Task<std::string> revisions_json(db::Queryable& db, std::int64_t id, const std::vector<std::string>& after, int limit) {
  db::Params p(id, std::int64_t(limit + 1));
  std::string sql =
      "SELECT json_build_object('id', r.id, 'title', r.title, 'body', r.body_md, 'tags', r.tags, "
      "'editor', u.username, 'created_at', " AGORA_TS("r.created_at") "), r.id "
      "FROM post_revisions r LEFT JOIN users u ON u.id = r.editor_id WHERE r.post_id = $1 ";
  if (!after.empty()) {
    sql += "AND r.id < $3::bigint ";
    p.add(after[0]);
  }
  sql += "ORDER BY r.id DESC LIMIT $2";
  auto r = co_await db.query(sql, p);
  const auto page = db::page_of(r, limit, {1});
  co_return content::render_page(page.items, page.last_key);
}

Task<bool> set_state(db::Queryable& tx, std::int64_t id, const std::string& state) {
  auto r = co_await tx.query(
      "WITH old AS (SELECT state FROM posts WHERE id = $1 FOR UPDATE), "
      "upd AS (UPDATE posts p SET state = $2 FROM old WHERE p.id = $1 AND old.state <> $2 "
      "RETURNING p.community_id, old.state AS was) "
      "UPDATE communities c SET post_count = post_count + CASE WHEN $2 = 'visible' THEN 1 "
      "WHEN upd.was = 'visible' THEN -1 ELSE 0 END FROM upd WHERE c.id = upd.community_id RETURNING 1",
      db::Params(id, state));
  co_return !r.empty();
}

Task<void> set_locked(db::Queryable& db, std::int64_t id, bool locked) {
  co_await db.query("UPDATE posts SET locked_at = CASE WHEN $2 THEN coalesce(locked_at, now()) END WHERE id = $1",
                    db::Params(id, locked));
}

Task<void> set_pinned(db::Queryable& db, std::int64_t id, bool pinned) {
  co_await db.query("UPDATE posts SET pinned_at = CASE WHEN $2 THEN coalesce(pinned_at, now()) END WHERE id = $1",
                    db::Params(id, pinned));
}

Task<void> add_views(db::Queryable& db, const std::unordered_map<std::int64_t, std::int64_t>& views) {
  if (views.empty()) co_return;
  std::string ids = "{", counts = "{";
  for (const auto& [id, n] : views) {
    if (ids.size() > 1) {
      ids += ',';
      counts += ',';
    }
    ids += std::to_string(id);
    counts += std::to_string(n);
  }
  ids += '}';
  counts += '}';
  co_await db.query(
      "UPDATE posts p SET view_count = p.view_count + v.n FROM unnest($1::bigint[], $2::bigint[]) AS v(id, n) "
      "WHERE p.id = v.id",
      db::Params(ids, counts));
}

}  // namespace agora::posts::repo
