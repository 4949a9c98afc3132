#pragma once
// The dataset `agora seed` writes, decided in memory before any row is sent:
// who exists, who belongs where, every post, every comment's place in its
// tree, every vote. Counters (member, post, comment, reply counts, up/down
// votes, scores) are computed here from the very rows that will be written,
// so they agree with the tables by construction. Text is not stored: it is
// regenerated per row from Rng::for_item when the row is written.
//
// Shapes, chosen to look like a real community site:
//   communities  member counts Zipf-like (the largest has about half the
//                users, the 10th a tenth of that); posts per community
//                follow member counts
//   users        activity heavy-tailed (Pareto): a few write most comments
//   posts        uniform over the last 90 days
//   comments     per post Pareto-distributed: most posts get a few, some
//                get hundreds or thousands; within a post, 30% start a new
//                thread, the rest reply to the previous comment (chains) or
//                to any earlier one; times cluster soon after the post
//   votes        half on posts (weighted by discussion), half on comments;
//                distinct voters per item, never the author; 60–95% up
#include <cstdint>
#include <string>
#include <vector>

#include "app/seed_options.hpp"

namespace agora::app::seeding {

inline constexpr int kMaxCommentDepth = 64;           // comments.depth CHECK, comments::kMaxDepth
inline constexpr std::int64_t kDay = 86'400'000'000;  // microseconds

enum ItemKind : std::uint64_t { kUserItem = 1, kCommunityItem, kPostItem, kCommentItem };

struct SeedUser {
  std::int64_t id = 0;
  std::int64_t created_us = 0;
  bool verified = false;
};

struct SeedCommunity {
  std::int64_t id = 0;
  std::int32_t owner = 0;  // index into users
  std::int64_t created_us = 0;
  bool is_private = false;
  std::int32_t member_count = 0, post_count = 0;
  std::vector<std::string> tags;
};

struct SeedMember {
  std::int32_t community = 0, user = 0;  // indexes
  std::int8_t role = 0;                  // 0 member, 1 moderator, 2 owner
  std::int64_t joined_us = 0;
};

struct SeedPost {
  std::int64_t id = 0;
  std::int32_t community = 0, author = 0;  // indexes
  std::int64_t created_us = 0;
  std::int32_t upvotes = 0, downvotes = 0, comment_count = 0;
  std::int64_t views = 0;
  std::uint8_t tag_mask = 0;  // which of the community's tags it carries
};

struct SeedComment {
  std::int64_t id = 0;
  std::int32_t post = 0;                    // index
  std::int64_t parent_id = 0, root_id = 0;  // parent 0: top level (root_id == id)
  std::int32_t depth = 0, author = 0;
  std::int64_t created_us = 0;
  std::int32_t upvotes = 0, downvotes = 0, reply_count = 0;
};

struct SeedVote {
  std::int64_t target_id = 0;
  std::int32_t user = 0;  // index
  std::int8_t value = 0;  // +1 / -1
  std::int64_t at_us = 0;
};

struct World {
  std::int64_t now_us = 0;
  std::vector<SeedUser> users;
  std::vector<SeedCommunity> communities;
  std::vector<SeedMember> members;
  std::vector<SeedPost> posts;
  std::vector<SeedComment> comments;  // grouped by post, in id order
  std::vector<SeedVote> post_votes, comment_votes;
};

// Users get ids first_user_id, first_user_id + 1, …; communities, posts and
// comments get ids from 1 (their tables must be empty).
World build_world(const SeedOptions& o, std::int64_t first_user_id, std::int64_t now_us);

}  // namespace agora::app::seeding
