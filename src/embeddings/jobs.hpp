#pragma once
// embed.post: a post created or edited enqueues it in the write's
// transaction; the worker embeds the post's document with the process's
// model unless the stored digest says the text is unchanged, upserts the
// vector, and looks for the same text posted in other communities shortly
// before (src/embeddings/cross_posting.hpp).
#include <cstdint>
#include <string>

#include "db/db.hpp"
#include "embeddings/document.hpp"
#include "embeddings/encoder.hpp"
#include "jobs/registry.hpp"

namespace agora::embeddings {

// The columns a post's embedded text is read from (posts aliased p), and
// their reading from a result row starting at `first_column`.
inline constexpr const char* kPostTextColumns = "p.title, array_to_json(p.tags)::text, p.body_md";
PostText post_text(const db::Result& r, int row, int first_column);

Task<void> enqueue_post(db::Queryable& tx, std::int64_t post_id, const std::string& trace_id);

// With an encoder that is not available (AGORA_EMBEDDER=off) the jobs
// succeed without effect: the backfill fills in once a model is configured.
void add_jobs(jobs::Registry& registry, Encoder& encoder);

// Embeds one post now, in `tx`; false when its stored digest already matched
// (nothing to do) or the post does not exist. A post embedded for the first
// time is checked for cross-posting when `check_cross_posting` (the job
// does; a backfill of old posts does not report history).
Task<bool> embed_post(db::Queryable& tx, Encoder& encoder, const Model& model, std::int64_t post_id,
                      bool check_cross_posting);

}  // namespace agora::embeddings
