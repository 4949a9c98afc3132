#include "embeddings/cross_posting.hpp"

#include <cstdio>

#include "embeddings/document.hpp"

namespace agora::embeddings {

Task<bool> report_cross_posting(db::Queryable& tx, const Model& model, std::int64_t post_id,
                                const std::vector<float>& vector) {
  const auto distance = distance_sql(model, "e", 1);
  auto r = co_await tx.query(
      "SELECT o.id, c.slug, o.author_id IS NOT DISTINCT FROM p.author_id, 1 - " + distance +
          " FROM posts p, embeddings e JOIN posts o ON o.id = e.target_id JOIN communities c ON c.id = o.community_id "
          "WHERE p.id = $2 AND " +
          posts_of_model_sql(model, "e") +
          " AND o.id <> p.id AND o.community_id <> p.community_id AND o.state = 'visible' "
          "AND o.created_at BETWEEN p.created_at - make_interval(hours => $3) AND p.created_at "
          "ORDER BY " +
          distance + " LIMIT 5",
      db::Params(vector_literal(vector), post_id, std::int64_t(kCrossPostingHours)));
  int same_author = 0, matches = 0;
  std::string details = "Automatic: the same text was posted in other communities shortly before:";
  for (int i = 0; i < r.rows(); ++i) {
    const double similarity = std::stod(r.string(i, 3));
    if (similarity < kSameText) break;
    ++matches;
    if (r.boolean(i, 2)) ++same_author;
    char score[16];
    (void)std::snprintf(score, sizeof score, "%.2f", similarity);
    details += " post " + r.string(i, 0) + " in c/" + r.string(i, 1) + " (similarity " + score + ");";
  }
  if (same_author == 0 && matches < 2) co_return false;
  details.pop_back();
  details += ".";
  auto inserted = co_await tx.query(
      "INSERT INTO reports (community_id, reporter_id, target_type, target_id, reason, details) "
      "SELECT p.community_id, NULL, 'post', p.id, 'spam', left($2, 1000) FROM posts p WHERE p.id = $1 "
      "AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.reporter_id IS NULL AND r.target_type = 'post' "
      "AND r.target_id = p.id AND r.status = 'open')",
      db::Params(post_id, details));
  co_return inserted.affected() > 0;
}

}  // namespace agora::embeddings
