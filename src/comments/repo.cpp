#include "comments/repo.hpp"

#include <unordered_map>

#include "comments/json_sql.hpp"
#include "content/paging.hpp"
#include "db/page.hpp"

namespace agora::comments::repo {
namespace {

constexpr const char* kFrom = " FROM comments k LEFT JOIN users u ON u.id = k.author_id ";

// ORDER BY and keyset condition for a sort; the key is (score, id) for top
// and (id) for new/old, always encoded as two fields.
struct SortSql {
  const char* order;
  const char* after;  // uses $A (score) and $B (id) placeholders, replaced below
};
SortSql sort_sql(const std::string& sort) {
  if (sort == "new") return {"k.id DESC", "k.id < $B::bigint"};
  if (sort == "old") return {"k.id", "k.id > $B::bigint"};
  return {"k.score DESC, k.id", "(k.score < $A::int OR (k.score = $A::int AND k.id > $B::bigint))"};
}

std::string with_params(std::string sql, int a, int b) {
  for (auto [ph, n] : {std::pair{"$A", a}, std::pair{"$B", b}}) {
    for (auto pos = sql.find(ph); pos != std::string::npos; pos = sql.find(ph, pos))
      sql.replace(pos, 2, "$" + std::to_string(n));
  }
  return sql;
}

// The keyset condition as $4 (and $5): top compares (score, id), new and
// old only the id, and an unused parameter would have no type.
void add_keyset(std::string& sql, db::Params& p, const SortSql& s, const std::string& sort,
                const std::vector<std::string>& after) {
  if (sort == "top") {
    sql += "AND " + with_params(s.after, 4, 5) + " ";
    p.add(after[0]);
  } else {
    sql += "AND " + with_params(s.after, 0, 4) + " ";
  }
  p.add(after[1]);
}

// Appends `,"replies":[…]` inside each comment object (before its closing
// brace), recursively, without parsing the JSON PostgreSQL rendered.
struct Node {
  std::string json;
  std::vector<std::size_t> children;
};
void render(const std::vector<Node>& nodes, std::size_t i, std::string& out) {
  const auto& n = nodes[i];
  out.append(n.json, 0, n.json.size() - 1);
  out += ",\"replies\":[";
  for (std::size_t c = 0; c < n.children.size(); ++c) {
    if (c) out += ',';
    render(nodes, n.children[c], out);
  }
  out += "]}";
}

}  // namespace

Task<std::int64_t> insert(db::Queryable& tx, const NewComment& c) {
  auto r = co_await tx.query(
      "INSERT INTO comments (id, post_id, parent_id, root_id, depth, author_id, body_md, body_html) "
      "OVERRIDING SYSTEM VALUE SELECT n.id, $1, nullif($2, 0), CASE WHEN $3 = 0 THEN n.id ELSE $3 END, $4, $5, $6, $7 "
      "FROM (SELECT nextval(pg_get_serial_sequence('comments', 'id')) AS id) n RETURNING id",
      db::Params(c.post_id, c.parent_id, c.root_id, c.depth, c.author_id, c.body_md, c.body_html));
  const auto id = r.int64(0, 0);
  co_await tx.query("UPDATE posts SET comment_count = comment_count + 1 WHERE id = $1", db::Params(c.post_id));
  if (c.parent_id)
    co_await tx.query("UPDATE comments SET reply_count = reply_count + 1 WHERE id = $1", db::Params(c.parent_id));
  co_return id;
}

Task<std::string> json_by_id(db::Queryable& db, std::int64_t id, std::int64_t viewer_id) {
  auto r = co_await db.query("SELECT " + comment_json_sql(2) + kFrom + "WHERE k.id = $1", db::Params(id, viewer_id));
  co_return r.string(0, 0);
}

namespace {

// $1 post, $2 viewer, $3 admin, $4 session digest: the comment k (of post p
// in community c) may be read by that reader now.
constexpr const char* kVisibleToReader =
    " JOIN posts p ON p.id = k.post_id JOIN communities c ON c.id = p.community_id "
    "WHERE k.post_id = $1 AND (c.visibility <> 'private' OR $3::bool OR EXISTS (SELECT 1 FROM community_members rm "
    "WHERE rm.community_id = c.id AND rm.user_id = $2)) "
    "AND (p.state <> 'removed' OR $3::bool OR EXISTS (SELECT 1 FROM community_members mm WHERE mm.community_id = "
    "c.id AND mm.user_id = $2 AND mm.role IN ('owner', 'moderator'))) "
    "AND ($4 = '' OR EXISTS (SELECT 1 FROM sessions s JOIN users su ON su.id = s.user_id WHERE s.token_hash = $4 "
    "AND s.user_id = $2 AND s.expires_at > now() AND (su.role = 'admin') = $3::bool)) ";

}  // namespace

Task<std::vector<Rendered>> since(db::Queryable& db, std::int64_t post_id, std::int64_t after_id,
                                  const StreamReader& reader, int limit) {
  auto r = co_await db.query(
      "SELECT " + comment_json_sql(2) + ", k.id" + kFrom + kVisibleToReader + "AND k.id > $5 ORDER BY k.id LIMIT $6",
      db::Params(post_id, reader.viewer_id, reader.admin, reader.session_digest, after_id, std::int64_t(limit)));
  std::vector<Rendered> out;
  out.reserve(std::size_t(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.int64(i, 1), r.string(i, 0)});
  co_return out;
}

Task<std::optional<std::string>> json_if_visible(db::Queryable& db, std::int64_t comment_id, std::int64_t post_id,
                                                 const StreamReader& reader) {
  auto r = co_await db.query("SELECT " + comment_json_sql(2) + kFrom + kVisibleToReader + "AND k.id = $5",
                             db::Params(post_id, reader.viewer_id, reader.admin, reader.session_digest, comment_id));
  if (r.empty()) co_return std::nullopt;
  co_return r.string(0, 0);
}

Task<std::int64_t> newest_id(db::Queryable& db, std::int64_t post_id) {
  auto r = co_await db.query("SELECT coalesce(max(id), 0) FROM comments WHERE post_id = $1", db::Params(post_id));
  co_return r.int64(0, 0);
}

Task<Thread> thread(db::Queryable& db, const ThreadQuery& q) {
  const auto s = sort_sql(q.sort);
  db::Params p(q.post_id, q.viewer_id, std::int64_t(q.roots + 1));
  std::string sql =
      "SELECT " + comment_json_sql(2) + ", k.id, k.score" + kFrom + "WHERE k.post_id = $1 AND k.depth = 0 ";
  if (!q.after.empty()) add_keyset(sql, p, s, q.sort, q.after);
  sql += std::string("ORDER BY ") + s.order + " LIMIT $3";
  auto roots = co_await db.query(sql, p);

  std::vector<Node> nodes;
  std::unordered_map<std::int64_t, std::size_t> index;
  std::string root_ids = "{";
  const int n_roots = std::min(roots.rows(), q.roots);
  for (int i = 0; i < n_roots; ++i) {
    index[roots.int64(i, 1)] = nodes.size();
    nodes.push_back({roots.string(i, 0), {}});
    if (i) root_ids += ',';
    root_ids += roots.string(i, 1);
  }
  root_ids += '}';

  if (n_roots > 0) {
    // Per root: the first per_root replies breadth-first (depth, then the
    // sort), straight off comments_thread_idx; then the same order across
    // roots, cut at max_total. Cutting a breadth-first order keeps parents.
    auto replies = co_await db.query(
        "SELECT " + comment_json_sql(2) +
            ", k.id, k.parent_id FROM unnest($1::bigint[]) AS r(id) "
            "CROSS JOIN LATERAL (SELECT * FROM comments k WHERE k.root_id = r.id AND k.depth BETWEEN 1 AND $3 "
            "ORDER BY k.depth, " +
            s.order +
            " LIMIT $4) k LEFT JOIN users u ON u.id = k.author_id "
            "ORDER BY k.depth, " +
            s.order + " LIMIT $5",
        db::Params(root_ids, q.viewer_id, q.max_depth, q.per_root, q.max_total));
    for (int i = 0; i < replies.rows(); ++i) {
      auto parent = index.find(replies.int64(i, 2));
      if (parent == index.end()) continue;  // cannot happen with a breadth-first cut; be safe
      index[replies.int64(i, 1)] = nodes.size();
      nodes.push_back({replies.string(i, 0), {}});
      nodes[parent->second].children.push_back(nodes.size() - 1);
    }
  }

  Thread t;
  if (roots.rows() > q.roots) t.last_key = {roots.string(q.roots - 1, 2), roots.string(q.roots - 1, 1)};
  std::string items = "[";
  for (int i = 0; i < n_roots; ++i) {
    if (i) items += ',';
    render(nodes, std::size_t(i), items);
  }
  items += ']';
  t.json = "{\"items\":" + items + ",\"next_cursor\":" +
           (t.last_key.empty() ? std::string("null") : "\"" + content::encode_cursor(t.last_key) + "\"") + "}";
  co_return t;
}

Task<Thread> replies(db::Queryable& db, std::int64_t parent_id, std::int64_t viewer_id, const std::string& sort,
                     const std::vector<std::string>& after, int limit) {
  const auto s = sort_sql(sort);
  db::Params p(parent_id, viewer_id, std::int64_t(limit + 1));
  std::string sql = "SELECT " + comment_json_sql(2) + ", k.id, k.score" + kFrom + "WHERE k.parent_id = $1 ";
  if (!after.empty()) add_keyset(sql, p, s, sort, after);
  sql += std::string("ORDER BY ") + s.order + " LIMIT $3";
  auto r = co_await db.query(sql, p);
  const auto page = db::page_of(r, limit, {2, 1});  // the key is (score, id)
  Thread t;
  t.last_key = page.last_key;
  t.json = content::render_page(page.items, page.last_key);
  co_return t;
}

Task<void> edit(db::Queryable& db, std::int64_t id, const std::string& body_md, const std::string& body_html) {
  co_await db.query("UPDATE comments SET body_md = $2, body_html = $3, edited_at = now() WHERE id = $1",
                    db::Params(id, body_md, body_html));
}

Task<bool> set_state(db::Queryable& db, std::int64_t id, const std::string& state) {
  auto r = co_await db.query("UPDATE comments SET state = $2 WHERE id = $1 AND state <> $2 RETURNING 1",
                             db::Params(id, state));
  co_return !r.empty();
}

}  // namespace agora::comments::repo
