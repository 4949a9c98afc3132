#include "embeddings/backfill.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "embeddings/jobs.hpp"

namespace agora::embeddings {

Task<BackfillProgress> backfill_posts(db::Pool& pool, Encoder& encoder, int batch, int threads,
                                      const std::function<void(const BackfillProgress&)>& report) {
  const auto model = co_await encoder.registered_model(pool);
  BackfillProgress progress;
  progress.total = (co_await pool.query("SELECT count(*) FROM posts")).int64(0, 0);
  const std::string read = std::string("SELECT p.id, ") + kPostTextColumns +
                           ", encode(e.digest, 'hex'), p.edited_at::text FROM posts p "
                           "LEFT JOIN embeddings e ON e.model = $3 AND e.target_kind = 'post' AND e.target_id = p.id "
                           "WHERE p.id > $1 ORDER BY p.id LIMIT $2";
  for (;;) {
    auto r = co_await pool.query(read, db::Params(progress.last_id, std::int64_t(batch), model.name));
    if (r.empty()) break;
    std::vector<std::int64_t> ids;
    std::vector<std::string> digests;
    std::vector<std::optional<std::string>> edited;
    std::vector<Document> documents;
    for (int i = 0; i < r.rows(); ++i) {
      auto document = post_document(post_text(r, i, 1));
      auto d = digest(document);
      if (!r.is_null(i, 4) && r.text(i, 4) == crypto::to_hex(d)) {
        ++progress.unchanged;
        continue;
      }
      ids.push_back(r.int64(i, 0));
      digests.push_back(std::move(d));
      edited.push_back(r.optional_string(i, 5));
      documents.push_back(std::move(document));
    }
    progress.seen += r.rows();
    progress.last_id = r.int64(r.rows() - 1, 0);
    if (!documents.empty()) {
      const auto vectors = co_await encoder.document_vectors(std::move(documents), threads);
      auto tx = co_await pool.begin();
      // Locked so no edit commits between the check and the upsert; a post
      // edited (or deleted) since it was read is left to its own embed.post
      // job, which reads the new text.
      std::string id_array = "{";
      for (std::size_t i = 0; i < ids.size(); ++i) id_array += (i ? "," : "") + std::to_string(ids[i]);
      id_array += "}";
      auto now = co_await tx.query("SELECT id, edited_at::text FROM posts WHERE id = ANY($1::bigint[]) FOR SHARE",
                                   db::Params(id_array));
      std::map<std::int64_t, std::optional<std::string>> current;
      for (int i = 0; i < now.rows(); ++i) current.emplace(now.int64(i, 0), now.optional_string(i, 1));
      for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto it = current.find(ids[i]);
        if (it == current.end() || it->second != edited[i]) continue;
        co_await upsert_post(tx, model, ids[i], digests[i], vectors[i]);
        ++progress.embedded;
      }
      co_await tx.commit();
    }
    report(progress);
  }
  co_return progress;
}

}  // namespace agora::embeddings
