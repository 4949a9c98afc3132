#include "embeddings/jobs.hpp"

#include <boost/json/parse.hpp>

#include "core/log.hpp"
#include "embeddings/cross_posting.hpp"
#include "embeddings/document.hpp"
#include "jobs/enqueue.hpp"

namespace agora::embeddings {

PostText post_text(const db::Result& r, int row, int first_column) {
  PostText text;
  text.title = r.string(row, first_column);
  const auto tags =
      boost::json::parse(r.text(row, first_column + 1));  // named: a loop over a temporary's array dangles
  for (const auto& t : tags.as_array()) text.tags.emplace_back(t.as_string());
  text.body_markdown = r.string(row, first_column + 2);
  return text;
}

Task<void> enqueue_post(db::Queryable& tx, std::int64_t post_id, const std::string& trace_id) {
  // Named: GCC 12 destroys a designated-initializer temporary in a co_await twice.
  const jobs::NewJob job{
      .kind = "embed.post", .payload = "{\"post_id\":" + std::to_string(post_id) + "}", .trace_id = trace_id};
  co_await jobs::enqueue(tx, job);
}

Task<bool> embed_post(db::Queryable& tx, Encoder& encoder, const Model& model, std::int64_t post_id,
                      bool check_cross_posting) {
  auto r = co_await tx.query(std::string("SELECT ") + kPostTextColumns + " FROM posts p WHERE p.id = $1",
                             db::Params(post_id));
  if (r.empty()) co_return false;  // deleted since: nothing to embed
  auto document = post_document(post_text(r, 0, 0));
  const auto d = digest(document);
  const std::vector<std::int64_t> ids{post_id};
  const auto stored = co_await stored_digests(tx, model, ids);
  if (!stored.empty() && stored.front().second == d) co_return false;
  const auto vector = co_await encoder.document_vector(std::move(document));
  co_await upsert_post(tx, model, post_id, d, vector);
  if (stored.empty() && check_cross_posting) co_await report_cross_posting(tx, model, post_id, vector);
  co_return true;
}

void add_jobs(jobs::Registry& registry, Encoder& encoder) {
  registry.add("embed.post", [&encoder](jobs::JobContext& ctx) -> Task<void> {
    std::int64_t post_id = 0;
    try {
      post_id = boost::json::parse(ctx.job.payload).as_object().at("post_id").as_int64();
    } catch (const std::exception& e) {
      throw jobs::PermanentFailure(std::string("malformed embed.post payload: ") + e.what());
    }
    if (!encoder.available()) co_return;  // AGORA_EMBEDDER=off: the backfill catches up later
    const auto model = co_await encoder.registered_model(ctx.db);
    co_await embed_post(ctx.tx, encoder, model, post_id, /*check_cross_posting=*/true);
  });
}

}  // namespace agora::embeddings
