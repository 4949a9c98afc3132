#include "search/ranking.hpp"

#include <algorithm>
#include <unordered_map>

#include "embeddings/document.hpp"
#include "posts/json_sql.hpp"

namespace agora::search {
namespace {

std::vector<Hit> hits_of(const db::Result& r) {
  std::vector<Hit> out;
  out.reserve(std::size_t(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.int64(i, 0), std::stod(r.string(i, 1))});
  return out;
}

std::string id_array(const std::vector<std::int64_t>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "}";
}

}  // namespace

Task<std::vector<Hit>> text_candidates(db::Queryable& db, const std::string& text, const Filters& f, int k) {
  db::Params p(text, std::int64_t(k));
  const auto where = filters_sql(f, p);
  auto r = co_await db.query(
      "SELECT p.id, ts_rank(p.search, tq) FROM websearch_to_tsquery('english', $1) tq, posts p "
      "JOIN communities c ON c.id = p.community_id WHERE p.search @@ tq AND " +
          where + " ORDER BY 2 DESC, p.id DESC LIMIT $2",
      p);
  co_return hits_of(r);
}

Task<std::vector<Hit>> vector_candidates(db::Queryable& db, const embeddings::Model& model,
                                         const std::vector<float>& vector, const Filters& f, int k) {
  db::Params p(embeddings::vector_literal(vector), std::int64_t(k));
  const auto where = filters_sql(f, p);
  const auto distance = embeddings::distance_sql(model, "e", 1);
  // The inner query walks the index (relaxed order, filters applied as it
  // goes); the outer one puts the candidates in exact order.
  auto r = co_await db.query(
      "WITH candidates AS MATERIALIZED (SELECT e.target_id AS id, " + distance +
          " AS d FROM embeddings e JOIN posts p ON p.id = e.target_id JOIN communities c ON c.id = p.community_id "
          "WHERE " +
          embeddings::posts_of_model_sql(model, "e") + " AND " + where + " ORDER BY " + distance +
          " LIMIT $2) SELECT id, 1 - d FROM candidates ORDER BY d, id DESC",
      p);
  co_return hits_of(r);
}

std::vector<Hit> fuse(const std::vector<std::vector<Hit>>& lists) {
  std::unordered_map<std::int64_t, double> score;
  for (const auto& list : lists)
    for (std::size_t rank = 0; rank < list.size(); ++rank)
      score[list[rank].post_id] += 1.0 / double(kRrfK + int(rank) + 1);
  std::vector<Hit> out;
  out.reserve(score.size());
  for (const auto& [id, s] : score) out.push_back({id, s});
  std::sort(out.begin(), out.end(),
            [](const Hit& a, const Hit& b) { return a.score != b.score ? a.score > b.score : a.post_id > b.post_id; });
  return out;
}

Task<std::vector<std::pair<std::int64_t, std::string>>> posts_json(db::Queryable& db,
                                                                   const std::vector<std::int64_t>& ids,
                                                                   const Filters& f) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  if (ids.empty()) co_return out;
  db::Params p(f.viewer_id, id_array(ids));
  const auto where = filters_sql(f, p);
  auto r = co_await db.query("SELECT " + posts::post_json_sql(1, false) +
                                 ", p.id FROM posts p JOIN communities c ON c.id = p.community_id "
                                 "LEFT JOIN users u ON u.id = p.author_id WHERE p.id = ANY($2::bigint[]) AND " +
                                 where,
                             p);
  std::unordered_map<std::int64_t, std::string> by_id;
  for (int i = 0; i < r.rows(); ++i) by_id.emplace(r.int64(i, 1), r.string(i, 0));
  for (const auto id : ids)
    if (auto it = by_id.find(id); it != by_id.end()) out.emplace_back(id, std::move(it->second));
  co_return out;
}

std::vector<std::string> json_only(std::vector<std::pair<std::int64_t, std::string>>&& posts) {
  std::vector<std::string> out;
  out.reserve(posts.size());
  for (auto& [id, json] : posts) out.push_back(std::move(json));
  return out;
}

}  // namespace agora::search
