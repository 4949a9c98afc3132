#pragma once
// The ranked candidate lists the search modes are made of, and how they are
// fused. Vector candidates come from the model's HNSW index with pgvector's
// iterative scan (so filters still leave a full list; the session sets
// hnsw.iterative_scan, src/db/connection.cpp), then are re-ranked by their
// exact distance. Hybrid fuses the text and vector lists with Reciprocal Rank
// Fusion: score = sum over lists of 1 / (kRrfK + rank), which needs no
// calibration between a ts_rank and a cosine similarity.
#include <cstdint>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "embeddings/store.hpp"
#include "search/filters.hpp"

namespace agora::search {

inline constexpr int kRrfK = 60;
inline constexpr int kMaxCandidates = 200;  // per list; also the deepest page a search reaches

struct Hit {
  std::int64_t post_id = 0;
  double score = 0;  // higher first: ts_rank, cosine similarity or fused score
};

Task<std::vector<Hit>> text_candidates(db::Queryable& db, const std::string& text, const Filters& f, int k);
Task<std::vector<Hit>> vector_candidates(db::Queryable& db, const embeddings::Model& model,
                                         const std::vector<float>& vector, const Filters& f, int k);

// Reciprocal Rank Fusion of lists each sorted best first; ties by id, newest first.
std::vector<Hit> fuse(const std::vector<std::vector<Hit>>& lists);

// The posts' API JSON (feed form) with their ids, in the order of `ids`;
// posts the filters exclude now (removed, or no longer readable since the
// ids were ranked or cached) are left out.
Task<std::vector<std::pair<std::int64_t, std::string>>> posts_json(db::Queryable& db,
                                                                   const std::vector<std::int64_t>& ids,
                                                                   const Filters& f);
std::vector<std::string> json_only(std::vector<std::pair<std::int64_t, std::string>>&& posts);

}  // namespace agora::search
