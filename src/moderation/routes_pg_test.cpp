// Moderation: reports and the queue, bans, site suspensions, write budgets
// for new accounts, and the audit log.
#include "support/community_api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

class Moderation : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    bo = user("bo_member");
    community(ann, "club");
    post_id = new_post(bo, "club", "Buy cheap watches");
  }
  Member ann, bo;
  std::int64_t post_id = 0;
};

TEST_F(Moderation, ReportsQueueAndResolution) {
  auto cy = user("cy_reporter");
  json::object report{{"target_type", "post"}, {"target_id", post_id}, {"reason", "spam"}, {"details", "ads"}};
  ASSERT_EQ(post("/api/v1/reports", cy, report).status, 202);
  ASSERT_EQ(post("/api/v1/reports", cy, report).status, 202);  // repeat: same answer, one report
  EXPECT_EQ(rows("reports"), 1);
  EXPECT_TRUE(
      HasFieldError(post("/api/v1/reports", cy, {{"target_type", "user"}, {"target_id", 1}, {"reason", "spam"}}), 422,
                    "target_type"));
  EXPECT_TRUE(
      HasFieldError(post("/api/v1/reports", cy, {{"target_type", "post"}, {"target_id", post_id}, {"reason", "meh"}}),
                    422, "reason"));
  EXPECT_TRUE(
      IsProblem(post("/api/v1/reports", cy, {{"target_type", "post"}, {"target_id", 99999}, {"reason", "spam"}}), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/communities/club/reports", &cy), 403));
  auto queue = get("/api/v1/communities/club/reports", &ann);
  ASSERT_EQ(queue.status, 200) << describe(queue);
  auto items = queue.object().at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("content").at("title"), "Buy cheap watches");
  const auto id = items[0].at("id").as_int64();
  EXPECT_TRUE(
      IsProblem(post("/api/v1/reports/" + std::to_string(id) + "/resolve", cy, {{"status", "dismissed"}}), 404));
  EXPECT_TRUE(HasFieldError(post("/api/v1/reports/" + std::to_string(id) + "/resolve", ann, {{"status", "open"}}), 422,
                            "status"));
  EXPECT_EQ(post("/api/v1/reports/" + std::to_string(id) + "/resolve", ann, {{"status", "actioned"}}).status, 204);
  EXPECT_TRUE(get("/api/v1/communities/club/reports", &ann).object().at("items").as_array().empty());
  EXPECT_EQ(get("/api/v1/communities/club/reports?status=actioned", &ann).object().at("items").as_array().size(), 1u);
}

TEST_F(Moderation, BansStopPostingCommentingAndVotingThere) {
  auto cy = user("cy_troll");
  EXPECT_TRUE(IsProblem(call("PUT", "/api/v1/communities/club/bans/cy_troll", &bo, {{"reason", "no"}}), 403));
  EXPECT_TRUE(
      HasFieldError(call("PUT", "/api/v1/communities/club/bans/cy_troll", &ann, {{"reason", ""}}), 422, "reason"));
  EXPECT_TRUE(HasFieldError(call("PUT", "/api/v1/communities/club/bans/cy_troll", &ann, {{"reason", "x"}, {"days", 0}}),
                            422, "days"));
  EXPECT_TRUE(IsProblem(call("PUT", "/api/v1/communities/club/bans/ann_owner", &ann, {{"reason", "me"}}), 409));
  ASSERT_EQ(call("PUT", "/api/v1/communities/club/bans/cy_troll", &ann, {{"reason", "trolling"}, {"days", 7}}).status,
            204);
  EXPECT_TRUE(IsProblem(post("/api/v1/communities/club/posts", cy, {{"title", "hi"}}), 403));
  EXPECT_TRUE(IsProblem(post("/api/v1/posts/" + std::to_string(post_id) + "/comments", cy, {{"body", "hi"}}), 403));
  EXPECT_TRUE(IsProblem(post("/api/v1/posts/" + std::to_string(post_id) + "/vote", cy, {{"value", -1}}), 403));
  EXPECT_TRUE(IsProblem(post("/api/v1/communities/club/join", cy), 403));
  EXPECT_EQ(get("/api/v1/posts/" + std::to_string(post_id), &cy).status, 200);  // reading stays open
  EXPECT_EQ(call("DELETE", "/api/v1/communities/club/bans/cy_troll", &ann).status, 204);
  EXPECT_EQ(post("/api/v1/communities/club/posts", cy, {{"title", "sorry"}}).status, 201);
  auto log = get("/api/v1/communities/club/modlog");
  ASSERT_EQ(log.status, 200);
  auto entries = log.object().at("items").as_array();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].at("action"), "unban_user");
  EXPECT_EQ(entries[1].at("action"), "ban_user");
}

TEST_F(Moderation, SuspendedAccountsReadButDoNotWrite) {
  auto root = user("root_admin", "admin");
  EXPECT_TRUE(
      IsProblem(call("PUT", "/api/v1/admin/users/bo_member/suspension", &ann, {{"reason", "x"}, {"days", 1}}), 403));
  EXPECT_TRUE(
      HasFieldError(call("PUT", "/api/v1/admin/users/bo_member/suspension", &root, {{"reason", "x"}}), 422, "days"));
  ASSERT_EQ(
      call("PUT", "/api/v1/admin/users/bo_member/suspension", &root, {{"reason", "spam wave"}, {"days", 3}}).status,
      204);
  for (auto r : {post("/api/v1/communities/club/posts", bo, {{"title", "x"}}),
                 post("/api/v1/posts/" + std::to_string(post_id) + "/comments", bo, {{"body", "x"}}),
                 post("/api/v1/posts/" + std::to_string(post_id) + "/vote", bo, {{"value", 1}}),
                 post("/api/v1/communities", bo, {{"slug", "newone"}, {"name", "n"}}),
                 call("PATCH", "/api/v1/posts/" + std::to_string(post_id), &bo, {{"title", "edit"}})}) {
    EXPECT_TRUE(IsProblem(r, 403)) << describe(r);
  }
  EXPECT_EQ(get("/api/v1/feed", &bo).status, 200);
  EXPECT_TRUE(get("/api/v1/users/bo_member").object().at("suspended").as_bool());
  EXPECT_EQ(call("DELETE", "/api/v1/admin/users/bo_member/suspension", &root).status, 204);
  EXPECT_EQ(post("/api/v1/posts/" + std::to_string(post_id) + "/vote", bo, {{"value", 1}}).status, 200);
  auto audit = get("/api/v1/admin/audit-log", &root);
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.object().at("items").as_array().size(), 2u);
  EXPECT_TRUE(IsProblem(get("/api/v1/admin/audit-log", &ann), 403));
}

class WriteBudgets : public CommunityApiTest {
 protected:
  void configure(Config& c) override {
    CommunityApiTest::configure(c);
    c.new_account_posts_per_hour = 2;
    c.new_account_comments_per_hour = 3;
    c.new_account_hours = 72;
  }
};

TEST_F(WriteBudgets, NewAccountsGetSmallerBudgets) {
  auto ann = user("ann_owner");
  community(ann, "club");
  auto fresh = user("fresh_account");
  EXPECT_EQ(post("/api/v1/communities/club/posts", fresh, {{"title", "1"}}).status, 201);
  EXPECT_EQ(post("/api/v1/communities/club/posts", fresh, {{"title", "2"}}).status, 201);
  auto third = post("/api/v1/communities/club/posts", fresh, {{"title", "3"}});
  EXPECT_TRUE(IsProblem(third, 429));
  EXPECT_TRUE(third.header("retry-after").has_value());
  EXPECT_EQ(rows("posts"), 2);
  // An account older than the threshold is not held to it.
  db().exec("UPDATE users SET created_at = now() - interval '10 days' WHERE username = 'ann_owner'");
  auto old_hand = login_ok("ann_owner");
  Member ann2{"ann_owner", old_hand.token, ann.id};
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(post("/api/v1/communities/club/posts", ann2, {{"title", "old " + std::to_string(i)}}).status, 201);
}

TEST_F(CommunityApiTest, AdminStatsCountEverything) {
  auto ann = user("ann_owner");
  auto bo = user("bo_member");
  community(ann, "club");
  const auto p = new_post(ann, "club", "hello");
  comment(bo, p, "hi");
  ASSERT_EQ(post("/api/v1/posts/" + std::to_string(p) + "/vote", bo, {{"value", 1}}).status, 200);
  auto root = user("root_admin", "admin");
  EXPECT_TRUE(IsProblem(get("/api/v1/admin/stats", &bo), 403));
  auto r = get("/api/v1/admin/stats", &root);
  ASSERT_EQ(r.status, 200) << describe(r);
  auto o = r.object();
  EXPECT_EQ(o.at("users").as_int64(), 3);
  EXPECT_EQ(o.at("communities").as_int64(), 1);
  EXPECT_EQ(o.at("posts").as_int64(), 1);
  EXPECT_EQ(o.at("comments").as_int64(), 1);
  EXPECT_EQ(o.at("subscriptions").as_int64(), 2);  // ann: community + her post
  EXPECT_EQ(o.at("votes").as_int64(), 1);
  EXPECT_EQ(o.at("active_users_1d").as_int64(), 2);
}

}  // namespace
}  // namespace agora::test
