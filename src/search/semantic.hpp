#pragma once
// The search modes over posts, and the two features built on the same
// vectors: related posts and duplicate suggestions. docs/adr/0082.
//
// - text: full-text rank (search/text_search.hpp);
// - semantic: the query's vector against the model's HNSW index;
// - hybrid (the default): both lists fused by Reciprocal Rank Fusion.
// When the embedder is off or fails, semantic and hybrid answer with text
// results and a `warning`, never an error.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "embeddings/encoder.hpp"
#include "search/filters.hpp"

namespace agora::search {

struct ModeQuery {
  std::string text;
  std::string mode = "hybrid";  // text, semantic, hybrid
  Filters filters;
  std::vector<std::string> after;  // score, id (the cursor of semantic and hybrid)
  int limit = 20;
};

// {"items":[posts…],"next_cursor":…,"mode":"…"[,"warning":"…"]}
Task<std::string> search_posts(db::Queryable& db, embeddings::Encoder& encoder, const ModeQuery& q);

// The posts nearest to post `post_id` (which the caller checked the viewer may
// read): {"items":[posts…]}; empty while the post has no vector yet.
Task<std::string> related_posts(db::Queryable& db, embeddings::Encoder& encoder, std::int64_t post_id,
                                const Filters& viewer, int limit);

// Posts like a draft: {"items":[{"post":{…},"similarity":0.93},…]}, the
// best first, only those at or above kSimilarFloor.
inline constexpr double kSimilarFloor = 0.5;
Task<std::string> similar_posts(db::Queryable& db, embeddings::Encoder& encoder, const std::string& title,
                                const std::string& body, const Filters& viewer, int limit);

}  // namespace agora::search
