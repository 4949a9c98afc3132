// Write budgets reached through the API: posts, comments and votes per hour
// (smaller posts and comments budgets for accounts younger than
// AGORA_NEW_ACCOUNT_HOURS) and communities per day. The shared fixture
// raises every budget out of the way; this one sets small ones and checks
// that exactly the budget succeeds, that the next write is a 429
// problem+json with Retry-After, and that the refused write stored nothing.
#include <map>

#include "support/community_api.hpp"

namespace agora::test {
namespace {

constexpr int kNewAccountHours = 48;  // not the default (72), so the setting is what counts
constexpr int kPosts = 4, kNewPosts = 2;
constexpr int kComments = 5, kNewComments = 3;
constexpr int kVotes = 3;
constexpr int kCommunities = 2;
constexpr int kHour = 3600, kDay = 24 * 3600;

// A 429 rate-limited problem whose Retry-After is a whole number of seconds
// within the budget's window, and more than `at_least` (the window is that
// long: a daily budget does not reopen within the hour).
::testing::AssertionResult IsRateLimited(const HttpResponse& r, int window, int at_least = 0) {
  if (auto p = IsProblem(r, 429); !p) return p;
  if (r.object().at("type") != "/problems/rate-limited")
    return ::testing::AssertionFailure() << "type is not rate-limited: " << describe(r);
  const auto retry = r.header("retry-after");
  if (!retry || retry->empty() || retry->find_first_not_of("0123456789") != std::string::npos)
    return ::testing::AssertionFailure() << "no Retry-After in seconds: " << describe(r);
  const auto seconds = std::stoll(*retry);
  if (seconds < 1 || seconds > window || seconds <= at_least)
    return ::testing::AssertionFailure() << "Retry-After " << seconds << " is not in (" << at_least << ", " << window
                                         << "]";
  return ::testing::AssertionSuccess();
}

class WriteLimits : public CommunityApiTest {
 protected:
  void configure(Config& c) override {
    CommunityApiTest::configure(c);  // keeps the auth limits out of the way
    c.new_account_hours = kNewAccountHours;
    c.posts_per_hour = kPosts;
    c.new_account_posts_per_hour = kNewPosts;
    c.comments_per_hour = kComments;
    c.new_account_comments_per_hour = kNewComments;
    c.votes_per_hour = kVotes;
    c.communities_per_day = kCommunities;
  }
  void SetUp() override {
    CommunityApiTest::SetUp();
    // The owner of the community every test writes in; established, so
    // setting up targets (posts to comment on or vote for) fits its budget.
    owner = user("ann_owner");
    age(owner, kNewAccountHours + 1);
    community(owner, "club");
  }

  // Makes the account `hours` old. Sessions read the account on every
  // request, so the same token sees the new age.
  void age(const Member& m, int hours) {
    db().exec("UPDATE users SET created_at = now() - make_interval(hours => " + std::to_string(hours) +
              ") WHERE id = " + std::to_string(m.id));
  }

  // Everything a refused write could have left behind: row counts and the
  // counters kept beside them (rate_limit_counters aside: a refused write
  // counts against the budget).
  std::map<std::string, std::int64_t> stored() {
    std::map<std::string, std::int64_t> out;
    for (const char* t : {"communities", "community_members", "posts", "post_revisions", "comments", "post_votes",
                          "comment_votes", "subscriptions", "notifications"})
      out[t] = rows(t);
    out["sum(posts.comment_count)"] = std::stoll(db().scalar("SELECT coalesce(sum(comment_count), 0) FROM posts"));
    out["sum(posts.score)"] = std::stoll(db().scalar("SELECT coalesce(sum(score), 0) FROM posts"));
    out["sum(comments.score)"] = std::stoll(db().scalar("SELECT coalesce(sum(score), 0) FROM comments"));
    out["sum(communities.post_count)"] =
        std::stoll(db().scalar("SELECT coalesce(sum(post_count), 0) FROM communities"));
    out["sum(communities.member_count)"] =
        std::stoll(db().scalar("SELECT coalesce(sum(member_count), 0) FROM communities"));
    return out;
  }

  HttpResponse write_post(const Member& m, const std::string& title) {
    return post("/api/v1/communities/club/posts", m, {{"title", title}});
  }
  HttpResponse write_comment(const Member& m, std::int64_t on, const std::string& body) {
    return post("/api/v1/posts/" + std::to_string(on) + "/comments", m, {{"body", body}});
  }
  HttpResponse vote_post(const Member& m, std::int64_t id) {
    return post("/api/v1/posts/" + std::to_string(id) + "/vote", m, {{"value", 1}});
  }
  HttpResponse vote_comment(const Member& m, std::int64_t id) {
    return post("/api/v1/comments/" + std::to_string(id) + "/vote", m, {{"value", 1}});
  }

  // `budget` writes by `m` succeed (201 or 200), the next is refused within
  // `window` and stores nothing. `write(i)` makes the i-th write.
  template <class Write>
  void expect_budget(const std::string& who, int budget, int window, int ok_status, Write write) {
    for (int i = 0; i < budget; ++i) {
      auto r = write(i);
      ASSERT_EQ(r.status, ok_status) << who << ": write " << i + 1 << " of " << budget << ": " << describe(r);
    }
    const auto before = stored();
    auto refused = write(budget);
    EXPECT_TRUE(IsRateLimited(refused, window)) << who << ": write " << budget + 1;
    EXPECT_EQ(stored(), before) << who << ": the refused write stored something";
  }

  Member owner;
};

TEST_F(WriteLimits, PostsNewAccountsGetTheNewAccountBudgetEstablishedOnesTheFullOne) {
  auto fresh = user("fresh_poster");
  expect_budget("new account", kNewPosts, kHour, 201,
                [&](int i) { return write_post(fresh, "new " + std::to_string(i)); });
  // Just younger than the threshold: still new.
  auto young = user("young_poster");
  age(young, kNewAccountHours - 1);
  expect_budget("47 h old", kNewPosts, kHour, 201,
                [&](int i) { return write_post(young, "young " + std::to_string(i)); });
  // Older than the threshold: the established budget, more than a new one.
  auto old_hand = user("old_poster");
  age(old_hand, kNewAccountHours + 1);
  expect_budget("49 h old", kPosts, kHour, 201,
                [&](int i) { return write_post(old_hand, "old " + std::to_string(i)); });
  // The budgets are per account and per kind: the refused authors may still
  // comment, and others may still post.
  const auto target = std::stoll(db().scalar("SELECT max(id) FROM posts"));
  EXPECT_EQ(write_comment(fresh, target, "still allowed").status, 201);
  EXPECT_EQ(write_post(owner, "the owner's own budget").status, 201);
}

TEST_F(WriteLimits, CommentsNewAccountsGetTheNewAccountBudgetEstablishedOnesTheFullOne) {
  const auto on = new_post(owner, "club", "Talk here");
  auto fresh = user("fresh_talker");
  expect_budget("new account", kNewComments, kHour, 201,
                [&](int i) { return write_comment(fresh, on, "new " + std::to_string(i)); });
  auto young = user("young_talker");
  age(young, kNewAccountHours - 1);
  expect_budget("47 h old", kNewComments, kHour, 201,
                [&](int i) { return write_comment(young, on, "young " + std::to_string(i)); });
  auto old_hand = user("old_talker");
  age(old_hand, kNewAccountHours + 1);
  expect_budget("49 h old", kComments, kHour, 201,
                [&](int i) { return write_comment(old_hand, on, "old " + std::to_string(i)); });
  // Per kind: a refused commenter may still post.
  EXPECT_EQ(write_post(fresh, "a post is another budget").status, 201);
}

TEST_F(WriteLimits, VotesOnPostsAndCommentsShareOneBudgetWhateverTheAccountsAge) {
  // Distinct targets, so every vote would change a score if it were stored.
  std::vector<std::int64_t> posts;
  for (int i = 0; i <= kVotes; ++i) posts.push_back(new_post(owner, "club", "target " + std::to_string(i)));
  const auto c = comment(owner, posts[0], "a comment to vote on");
  // Two post votes and a comment vote spend the budget; a post vote and a
  // comment vote are both refused.
  auto fresh = user("fresh_voter");
  auto vote = [&](const Member& m, int i) { return i == 1 ? vote_comment(m, c) : vote_post(m, posts[std::size_t(i)]); };
  expect_budget("new account", kVotes, kHour, 200, [&](int i) { return vote(fresh, i); });
  EXPECT_TRUE(IsRateLimited(vote_comment(fresh, c), kHour));
  // Votes have no new-account budget: an established account gets the same.
  auto old_hand = user("old_voter");
  age(old_hand, kNewAccountHours + 1);
  expect_budget("49 h old", kVotes, kHour, 200, [&](int i) { return vote(old_hand, i); });
}

TEST_F(WriteLimits, CommunitiesPerDay) {
  auto founder = user("founder");
  expect_budget("new account", kCommunities, kDay, 201, [&](int i) {
    return post("/api/v1/communities", founder,
                {{"slug", "place-" + std::to_string(i)}, {"name", "Place " + std::to_string(i)}});
  });
  // A daily window: the refusal does not lift within the hour.
  EXPECT_TRUE(IsRateLimited(post("/api/v1/communities", founder, {{"slug", "later"}, {"name", "Later"}}), kDay, kHour));
  // Per account: the owner (one community so far) may still found one.
  EXPECT_EQ(post("/api/v1/communities", owner, {{"slug", "owners-second"}, {"name", "Second"}}).status, 201);
}

}  // namespace
}  // namespace agora::test
