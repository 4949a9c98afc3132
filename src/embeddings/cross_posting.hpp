#pragma once
// A spam pattern: the same text posted in several communities within hours.
// After a post is embedded, its nearest visible neighbours in other
// communities from the hours before it are read through the model's index;
// one at cosine similarity >= kSameText from the same author, or two from
// anyone, put an automatic report (no reporter, reason spam, the matches in
// its details) in the post's community's moderation queue. Moderators
// decide; nothing is removed automatically.
#include <cstdint>
#include <vector>

#include "db/db.hpp"
#include "embeddings/store.hpp"

namespace agora::embeddings {

inline constexpr double kSameText = 0.97;
inline constexpr int kCrossPostingHours = 6;

// True when it reported the post.
Task<bool> report_cross_posting(db::Queryable& tx, const Model& model, std::int64_t post_id,
                                const std::vector<float>& vector);

}  // namespace agora::embeddings
