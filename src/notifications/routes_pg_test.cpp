// Notifications and subscriptions: who hears about what, levels, muting,
// marking read, and nothing leaking from private communities.
#include "support/community_api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

class Notifications : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    bo = user("bo_member");
    cy = user("cy_member");
    community(ann, "club");
  }
  std::int64_t unread(const Member& m) {
    auto r = get("/api/v1/notifications/unread-count", &m);
    EXPECT_EQ(r.status, 200) << describe(r);
    return r.object().at("unread").as_int64();
  }
  std::vector<std::string> kinds(const Member& m) {
    std::vector<std::string> out;
    auto r = get("/api/v1/notifications", &m);
    const auto o = r.object();
    for (const auto& n : o.at("items").as_array()) out.emplace_back(n.at("kind").as_string());
    return out;
  }
  Member ann, bo, cy;
};

TEST_F(Notifications, RepliesMentionsAndWatchers) {
  const auto p = new_post(ann, "club", "Question");
  const auto c = comment(bo, p, "answer for @cy_member and @nobody_at_all");
  EXPECT_EQ(kinds(ann), (std::vector<std::string>{"reply"}));  // the post's author
  EXPECT_EQ(kinds(cy), (std::vector<std::string>{"mention"}));
  comment(ann, p, "thanks", c);
  EXPECT_EQ(kinds(bo), (std::vector<std::string>{"reply"}));
  EXPECT_EQ(unread(ann), 1);  // nobody is told about their own comment
  // Watching a post at level all: every comment; muting it: nothing.
  ASSERT_EQ(call("PUT", "/api/v1/posts/" + std::to_string(p) + "/subscription", &cy, {{"level", "all"}}).status, 200);
  comment(bo, p, "more");
  EXPECT_EQ(unread(cy), 2);
  const auto before_mute = unread(ann);
  ASSERT_EQ(call("PUT", "/api/v1/posts/" + std::to_string(p) + "/subscription", &ann, {{"level", "muted"}}).status,
            200);
  comment(cy, p, "even more @ann_owner");
  EXPECT_EQ(unread(ann), before_mute);  // neither the reply to her post nor the mention
}

TEST_F(Notifications, FollowedCommunitiesAndUsersAnnounceNewPosts) {
  ASSERT_EQ(call("PUT", "/api/v1/communities/club/subscription", &bo, {{"level", "all"}}).status, 200);
  ASSERT_EQ(call("PUT", "/api/v1/users/ann_owner/subscription", &cy, {{"level", "all"}}).status, 200);
  EXPECT_TRUE(IsProblem(call("PUT", "/api/v1/users/cy_member/subscription", &cy, {{"level", "all"}}), 409));
  EXPECT_TRUE(
      HasFieldError(call("PUT", "/api/v1/users/ann_owner/subscription", &cy, {{"level", "loud"}}), 422, "level"));
  new_post(ann, "club", "News");
  EXPECT_EQ(kinds(bo), (std::vector<std::string>{"post"}));
  EXPECT_EQ(kinds(cy), (std::vector<std::string>{"post"}));
  auto subs = get("/api/v1/me/subscriptions?kind=user", &cy);
  ASSERT_EQ(subs.status, 200) << describe(subs);
  EXPECT_EQ(subs.object().at("items").as_array().at(0).at("username"), "ann_owner");
  EXPECT_EQ(call("DELETE", "/api/v1/users/ann_owner/subscription", &cy).status, 204);
  new_post(ann, "club", "More news");
  EXPECT_EQ(unread(cy), 1);
  EXPECT_EQ(unread(bo), 2);
}

TEST_F(Notifications, MarkReadOneOrAll) {
  const auto p = new_post(ann, "club", "Question");
  for (int i = 0; i < 3; ++i) comment(bo, p, "reply " + std::to_string(i));
  auto list = get("/api/v1/notifications?unread=true", &ann);
  const auto ids = item_ids(list);
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_TRUE(IsProblem(post("/api/v1/notifications/" + std::to_string(ids[0]) + "/read", bo), 404));
  EXPECT_EQ(post("/api/v1/notifications/" + std::to_string(ids[0]) + "/read", ann).status, 204);
  EXPECT_EQ(unread(ann), 2);
  // Exactly the one marked is read: the other two are still the unread ones.
  EXPECT_EQ(item_ids(get("/api/v1/notifications?unread=true", &ann)), (std::vector<std::int64_t>{ids[1], ids[2]}));
  auto all = post("/api/v1/notifications/read-all", ann);
  ASSERT_EQ(all.status, 200) << describe(all);
  EXPECT_EQ(all.object().at("marked").as_int64(), 2);
  EXPECT_EQ(unread(ann), 0);
  EXPECT_TRUE(IsProblem(get("/api/v1/notifications"), 401));
  EXPECT_TRUE(IsProblem(get("/api/v1/notifications?unread=maybe", &ann), 400));
}

TEST_F(Notifications, NothingLeaksFromPrivateCommunities) {
  community(ann, "inner", "private");
  ASSERT_EQ(call("PUT", "/api/v1/communities/inner/members/bo_member", &ann, {{"role", "member"}}).status, 204);
  const auto p = new_post(ann, "inner", "Secret plans, ask @cy_member");
  EXPECT_EQ(unread(cy), 0);  // cy may not read the community: no mention
  comment(ann, p, "reply in private", comment(bo, p, "bo here"));
  EXPECT_EQ(unread(bo), 1);
  // Removed from the community, bo no longer sees those notifications.
  ASSERT_EQ(call("DELETE", "/api/v1/communities/inner/members/bo_member", &ann).status, 204);
  EXPECT_EQ(unread(bo), 0);
  EXPECT_TRUE(get("/api/v1/notifications", &bo).object().at("items").as_array().empty());
  EXPECT_TRUE(
      IsProblem(call("PUT", "/api/v1/posts/" + std::to_string(p) + "/subscription", &bo, {{"level", "all"}}), 404));
}

}  // namespace
}  // namespace agora::test
