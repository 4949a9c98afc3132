// The planned dataset, before any SQL: every counter equals what the rows
// say, the trees are well formed, votes are distinct and never the
// author's own, and the distributions have the promised shape.
#include "app/seed_world.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/seed_random.hpp"

namespace agora::app::seeding {
namespace {

constexpr std::int64_t kNow = 1'750'000'000'000'000;  // a fixed "now" (2025-06-15)

SeedOptions options(std::int64_t users, std::int64_t communities, std::int64_t posts, std::int64_t comments,
                    std::int64_t votes = -1) {
  SeedOptions o;
  o.users = users;
  o.communities = communities;
  o.posts = posts;
  o.comments = comments;
  o.votes = votes;
  return o;
}

class SeedWorld : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { world_ = new World(build_world(options(2000, 40, 3000, 60000), 101, kNow)); }
  static void TearDownTestSuite() { delete world_; }
  static const World& w() { return *world_; }
  static World* world_;
};
World* SeedWorld::world_ = nullptr;

TEST_F(SeedWorld, SizesAndIdsAreAsAsked) {
  ASSERT_EQ(w().users.size(), 2000u);
  EXPECT_EQ(w().users.front().id, 101);
  EXPECT_EQ(w().users.back().id, 2100);
  ASSERT_EQ(w().communities.size(), 40u);
  ASSERT_EQ(w().posts.size(), 3000u);
  ASSERT_EQ(w().comments.size(), 60000u);
  for (std::size_t i = 0; i < w().comments.size(); ++i) ASSERT_EQ(w().comments[i].id, std::int64_t(i + 1));
  EXPECT_EQ(std::int64_t(w().post_votes.size() + w().comment_votes.size()), 63000);
}

TEST_F(SeedWorld, CommunityCountersMatchMembersAndPosts) {
  std::vector<std::int32_t> members(w().communities.size()), posts(w().communities.size());
  std::set<std::pair<int, int>> pairs;
  std::vector<int> owners(w().communities.size());
  for (const auto& m : w().members) {
    members[std::size_t(m.community)]++;
    EXPECT_TRUE(pairs.emplace(m.community, m.user).second) << "a user joined a community twice";
    if (m.role == 2) owners[std::size_t(m.community)]++;
    EXPECT_GE(m.joined_us, w().users[std::size_t(m.user)].created_us);
  }
  for (const auto& p : w().posts) posts[std::size_t(p.community)]++;
  for (std::size_t c = 0; c < w().communities.size(); ++c) {
    EXPECT_EQ(w().communities[c].member_count, members[c]);
    EXPECT_EQ(w().communities[c].post_count, posts[c]);
    EXPECT_EQ(owners[c], 1);
  }
  // Zipf-like: the largest community has about half the users, and many
  // times the members of the smallest.
  EXPECT_EQ(w().communities[0].member_count, 1000);
  EXPECT_GT(w().communities[0].member_count, 10 * w().communities.back().member_count);
}

TEST_F(SeedWorld, PostAuthorsAreMembersAndPostsFallInTheLast90Days) {
  std::set<std::pair<int, int>> pairs;
  for (const auto& m : w().members) pairs.emplace(m.community, m.user);
  for (const auto& p : w().posts) {
    EXPECT_TRUE(pairs.count({p.community, p.author}));
    EXPECT_LE(p.created_us, kNow);
    EXPECT_GE(p.created_us, kNow - 90 * kDay);
  }
}

TEST_F(SeedWorld, CommentTreesAreWellFormedAndCountersMatch) {
  std::map<std::int64_t, const SeedComment*> by_id;
  std::vector<std::int32_t> per_post(w().posts.size());
  std::map<std::int64_t, std::int32_t> replies;
  for (const auto& c : w().comments) {
    by_id[c.id] = &c;
    per_post[std::size_t(c.post)]++;
    const auto& post = w().posts[std::size_t(c.post)];
    EXPECT_GE(c.created_us, post.created_us);
    EXPECT_LE(c.created_us, kNow);
    if (c.parent_id == 0) {
      EXPECT_EQ(c.root_id, c.id);
      EXPECT_EQ(c.depth, 0);
      continue;
    }
    ASSERT_TRUE(by_id.count(c.parent_id)) << "parent written after its reply";
    const auto& parent = *by_id[c.parent_id];
    EXPECT_EQ(parent.post, c.post);
    EXPECT_EQ(c.depth, parent.depth + 1);
    EXPECT_EQ(c.root_id, parent.parent_id == 0 ? parent.id : parent.root_id);
    EXPECT_LE(c.depth, kMaxCommentDepth);
    EXPECT_GE(c.created_us, parent.created_us);
    replies[c.parent_id]++;
  }
  for (const auto& c : w().comments) EXPECT_EQ(c.reply_count, replies[c.id]) << c.id;
  for (std::size_t p = 0; p < w().posts.size(); ++p) EXPECT_EQ(w().posts[p].comment_count, per_post[p]);
}

TEST_F(SeedWorld, CommentsPerPostAreHeavyTailed) {
  std::vector<std::int32_t> counts;
  for (const auto& p : w().posts) counts.push_back(p.comment_count);
  std::sort(counts.begin(), counts.end());
  const auto median = counts[counts.size() / 2];
  EXPECT_LT(median, 20) << "most posts have a modest discussion";
  EXPECT_GE(counts.back(), 200) << "some have hundreds of comments";
  EXPECT_GT(std::count(counts.begin(), counts.end(), 0), 0) << "and some none";
  int deep = 0;
  for (const auto& c : w().comments) deep += c.depth >= 5;
  EXPECT_GT(deep, 100) << "threads nest";
}

template <class Item>
void expect_votes_match(const std::vector<Item>& items, const std::vector<SeedVote>& votes, const World& w) {
  std::map<std::int64_t, const Item*> by_id;
  for (const auto& i : items) by_id[i.id] = &i;
  std::set<std::pair<std::int64_t, std::int32_t>> seen;
  std::map<std::int64_t, std::pair<int, int>> tally;
  for (const auto& v : votes) {
    ASSERT_TRUE(seen.emplace(v.target_id, v.user).second) << "two votes by one user on one item";
    const auto& item = *by_id.at(v.target_id);
    EXPECT_NE(v.user, item.author) << "an author voted on their own item";
    EXPECT_TRUE(v.value == 1 || v.value == -1);
    EXPECT_GE(v.at_us, item.created_us);
    EXPECT_LE(v.at_us, w.now_us);
    (v.value > 0 ? tally[v.target_id].first : tally[v.target_id].second)++;
  }
  for (const auto& i : items) {
    EXPECT_EQ(i.upvotes, tally[i.id].first);
    EXPECT_EQ(i.downvotes, tally[i.id].second);
  }
}

TEST_F(SeedWorld, VotesAreDistinctNeverTheAuthorsAndMatchTheCounters) {
  expect_votes_match(w().posts, w().post_votes, w());
  expect_votes_match(w().comments, w().comment_votes, w());
  std::int64_t up = 0;
  for (const auto& v : w().post_votes) up += v.value > 0;
  EXPECT_GT(up, std::int64_t(w().post_votes.size()) / 2) << "mostly upvotes";
}

TEST(SeedWorldEdges, TinyAndEmptyShapesWork) {
  const auto one = build_world(options(1, 1, 3, 10), 1, kNow);
  EXPECT_EQ(one.communities[0].member_count, 1);
  EXPECT_TRUE(one.post_votes.empty()) << "nobody but the author could vote";
  EXPECT_EQ(one.comments.size(), 10u);
  const auto none = build_world(options(5, 0, 0, 0), 1, kNow);
  EXPECT_TRUE(none.members.empty());
  EXPECT_TRUE(none.posts.empty());
  // More votes than possible voters: capped per item, never duplicated.
  const auto crowded = build_world(options(4, 1, 2, 0, 1000), 1, kNow);
  EXPECT_LE(crowded.post_votes.size(), 2u * 3u);
  expect_votes_match(crowded.posts, crowded.post_votes, crowded);
}

TEST(SeedWorldEdges, SameOptionsSameWorld) {
  const auto a = build_world(options(300, 5, 200, 2000), 1, kNow);
  const auto b = build_world(options(300, 5, 200, 2000), 1, kNow);
  ASSERT_EQ(a.comments.size(), b.comments.size());
  for (std::size_t i = 0; i < a.comments.size(); ++i) {
    EXPECT_EQ(a.comments[i].parent_id, b.comments[i].parent_id);
    EXPECT_EQ(a.comments[i].created_us, b.comments[i].created_us);
  }
  EXPECT_EQ(a.post_votes.size(), b.post_votes.size());
}

TEST(SeedRandom, DistinctSampleIsDistinctInRangeAndSkipsTheExcluded) {
  Rng rng(9);
  for (std::int64_t k : {0, 1, 5, 47, 49, 500, 999, 1000, 5000}) {
    const auto s = distinct_sample(1000, k, 17, rng);
    EXPECT_EQ(std::int64_t(s.size()), std::min<std::int64_t>(k, 999));
    std::set<std::int64_t> set(s.begin(), s.end());
    EXPECT_EQ(set.size(), s.size());
    EXPECT_FALSE(set.count(17));
    for (auto v : s) EXPECT_TRUE(v >= 0 && v < 1000) << v;
  }
}

TEST(SeedRandom, ApportionSplitsTheTotalWithinCaps) {
  Rng rng(4);
  const std::vector<double> weights = {1, 2, 3, 1000, 0};
  const auto parts = apportion(1000, weights, 400, rng);
  EXPECT_EQ(parts[3], 400);
  EXPECT_EQ(parts[4], 0);
  EXPECT_EQ(parts[0] + parts[1] + parts[2] + parts[3] + parts[4], 1000 - 0) << "the rest spread over the others";
  const auto capped = apportion(1000, {1, 1}, 10, rng);
  EXPECT_EQ(capped[0] + capped[1], 20) << "caps win over the total";
}

}  // namespace
}  // namespace agora::app::seeding
