// Votes: idempotent, flips and withdrawals, own votes not counted, and
// counters equal to the vote rows under concurrent voting.
#include <atomic>
#include <thread>

#include "support/community_api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

class Votes : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    community(ann, "club");
    post_id = new_post(ann, "club", "Vote on me");
    vote_path = "/api/v1/posts/" + std::to_string(post_id) + "/vote";
  }
  // upvotes/downvotes/score as stored, and as the vote rows say.
  void expect_consistent() {
    const auto id = std::to_string(post_id);
    EXPECT_EQ(db().scalar("SELECT upvotes || '/' || downvotes || '/' || score FROM posts WHERE id = " + id),
              db().scalar("SELECT count(*) FILTER (WHERE v.value = 1) || '/' || count(*) FILTER (WHERE v.value = -1) "
                          "|| '/' || coalesce(sum(v.value), 0) FROM post_votes v JOIN posts p ON p.id = v.post_id "
                          "WHERE v.post_id = " +
                          id + " AND v.user_id IS DISTINCT FROM p.author_id"));
  }
  Member ann;
  std::int64_t post_id = 0;
  std::string vote_path;
};

TEST_F(Votes, VoteFlipWithdrawAndRepeat) {
  auto bo = user("bo_voter");
  auto up = post(vote_path, bo, {{"value", 1}});
  ASSERT_EQ(up.status, 200) << describe(up);
  EXPECT_EQ(up.object().at("score").as_int64(), 1);
  EXPECT_EQ(post(vote_path, bo, {{"value", 1}}).object().at("score").as_int64(), 1);  // idempotent
  auto down = post(vote_path, bo, {{"value", -1}}).object();
  EXPECT_EQ(down.at("score").as_int64(), -1);
  EXPECT_EQ(down.at("upvotes").as_int64(), 0);
  EXPECT_EQ(down.at("downvotes").as_int64(), 1);
  EXPECT_EQ(post(vote_path, bo, {{"value", 0}}).object().at("score").as_int64(), 0);
  EXPECT_EQ(get("/api/v1/posts/" + std::to_string(post_id), &bo).object().at("my_vote").as_int64(), 0);
  expect_consistent();
}

TEST_F(Votes, OwnVotesDoNotCountAndBadValuesAreRefused) {
  auto own = post(vote_path, ann, {{"value", 1}});
  ASSERT_EQ(own.status, 200) << describe(own);
  EXPECT_EQ(own.object().at("score").as_int64(), 0);
  EXPECT_EQ(own.object().at("my_vote").as_int64(), 1);
  const auto hot_before = db().scalar("SELECT hot FROM posts WHERE id = " + std::to_string(post_id));
  EXPECT_EQ(hot_before,
            db().scalar("SELECT agora_hot(0, created_at) FROM posts WHERE id = " + std::to_string(post_id)));
  auto bo = user("bo_voter");
  EXPECT_TRUE(HasFieldError(post(vote_path, bo, {{"value", 2}}), 422, "value"));
  EXPECT_TRUE(HasFieldError(post(vote_path, bo, {{"value", "up"}}), 422, "value"));
  EXPECT_TRUE(HasFieldError(post(vote_path, bo, json::object{}), 422, "value"));
  EXPECT_TRUE(IsProblem(call("POST", vote_path, nullptr, {{"value", 1}}), 401));
  EXPECT_TRUE(IsProblem(post("/api/v1/posts/424242/vote", bo, {{"value", 1}}), 404));
  EXPECT_EQ(rows("post_votes"), 1);
}

TEST_F(Votes, ConcurrentVotersKeepCountersExact) {
  // 24 voters, each flipping their vote several times, all at once; plus one
  // user sending contradictory votes in parallel.
  std::vector<Member> voters;
  voters.reserve(24);
  for (int i = 0; i < 24; ++i) voters.push_back(user("voter_" + std::to_string(i)));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(24 + 4);  // the voters, then the contradictory one's threads
  for (int i = 0; i < 24; ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 5; ++round) {
        const int value = (i + round) % 3 - 1;
        auto r = http().request("POST", vote_path, json::serialize(json::object{{"value", value}}),
                                {bearer(voters[std::size_t(i)].token), {"Content-Type", "application/json"}});
        if (r.status != 200) ++failures;
      }
    });
  }
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 10; ++round) {
        auto r = http().request("POST", vote_path, json::serialize(json::object{{"value", (t + round) % 2 ? 1 : -1}}),
                                {bearer(voters[0].token), {"Content-Type", "application/json"}});
        if (r.status != 200) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  expect_consistent();
  // And hot follows the final score.
  EXPECT_EQ(db().scalar("SELECT hot = agora_hot(score, created_at) FROM posts WHERE id = " + std::to_string(post_id)),
            "t");
}

TEST_F(Votes, CommentVotes) {
  const auto c = comment(ann, post_id, "a comment");
  auto bo = user("bo_voter");
  const std::string p = "/api/v1/comments/" + std::to_string(c) + "/vote";
  EXPECT_EQ(post(p, bo, {{"value", -1}}).object().at("score").as_int64(), -1);
  EXPECT_EQ(post(p, bo, {{"value", 1}}).object().at("score").as_int64(), 1);
  EXPECT_EQ(db().scalar("SELECT upvotes || '/' || downvotes FROM comments WHERE id = " + std::to_string(c)), "1/0");
}

}  // namespace
}  // namespace agora::test
