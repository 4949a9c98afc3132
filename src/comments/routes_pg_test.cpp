// Comments: threading, the bounded post-page read, paging, and rules.
#include <set>

#include "support/community_api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

class Comments : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    bo = user("bo_member");
    community(ann, "club");
    post_id = new_post(ann, "club", "Thread");
  }
  std::string thread(const std::string& query = "") {
    return "/api/v1/posts/" + std::to_string(post_id) + "/comments" + query;
  }
  Member ann, bo;
  std::int64_t post_id = 0;
};

TEST_F(Comments, RepliesNestUnderTheirParents) {
  const auto a = comment(bo, post_id, "root a");
  const auto a1 = comment(ann, post_id, "reply a1", a);
  const auto a1x = comment(bo, post_id, "reply a1x", a1);
  const auto b = comment(ann, post_id, "root b");
  auto r = get(thread("?sort=old"));
  ASSERT_EQ(r.status, 200) << describe(r);
  auto items = r.object().at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("id").as_int64(), a);
  EXPECT_EQ(items[1].at("id").as_int64(), b);
  EXPECT_EQ(items[0].at("reply_count").as_int64(), 1);
  const auto& r1 = items[0].at("replies").as_array().at(0);
  EXPECT_EQ(r1.at("id").as_int64(), a1);
  EXPECT_EQ(r1.at("depth").as_int64(), 1);
  EXPECT_EQ(r1.at("replies").as_array().at(0).at("id").as_int64(), a1x);
  EXPECT_EQ(get("/api/v1/posts/" + std::to_string(post_id)).object().at("comment_count").as_int64(), 4);
}

TEST_F(Comments, BadInputAndWrongParents) {
  const auto other_post = new_post(ann, "club", "Other");
  const auto elsewhere = comment(ann, other_post, "elsewhere");
  const auto before = rows("comments");
  EXPECT_TRUE(HasFieldError(post(thread(), bo, {{"body", ""}}), 422, "body"));
  EXPECT_TRUE(HasFieldError(post(thread(), bo, {{"body", std::string(10001, 'x')}}), 422, "body"));
  EXPECT_TRUE(HasFieldError(post(thread(), bo, {{"body", "x"}, {"parent_id", elsewhere}}), 422, "parent_id"));
  EXPECT_TRUE(HasFieldError(post(thread(), bo, {{"body", "x"}, {"parent_id", 987654321}}), 422, "parent_id"));
  EXPECT_TRUE(HasFieldError(post(thread(), bo, {{"body", "x"}, {"parent_id", "1"}}), 422, "parent_id"));
  EXPECT_TRUE(HasFieldError(post(thread(), bo, {{"body", "x"}, {"parent_id", 1.5}}), 422, "parent_id"));
  EXPECT_TRUE(IsProblem(post("/api/v1/posts/987654321/comments", bo, {{"body", "x"}}), 404));
  EXPECT_TRUE(IsProblem(get(thread("?sort=hot")), 400));
  EXPECT_TRUE(IsProblem(get(thread("?limit=1000")), 400));
  EXPECT_TRUE(IsProblem(get(thread("?cursor=%00")), 400));
  EXPECT_EQ(rows("comments"), before);
}

TEST_F(Comments, OnlyAuthorsEditAndDelete) {
  const auto c = comment(bo, post_id, "original");
  const std::string p = "/api/v1/comments/" + std::to_string(c);
  EXPECT_TRUE(IsProblem(call("PATCH", p, &ann, {{"body", "changed by owner"}}), 403));
  auto e = call("PATCH", p, &bo, {{"body", "edited"}});
  ASSERT_EQ(e.status, 200) << describe(e);
  EXPECT_EQ(e.object().at("body"), "edited");
  EXPECT_TRUE(IsProblem(call("DELETE", p, &ann), 403));
  EXPECT_EQ(call("DELETE", p, &bo).status, 204);
  auto gone = get(p);
  EXPECT_EQ(gone.object().at("body"), "[deleted]");
  EXPECT_TRUE(gone.object().at("author").is_null());
  EXPECT_TRUE(IsProblem(post(thread(), ann, {{"body", "reply"}, {"parent_id", c}}), 409));
  // Moderators remove and restore, with a note to the author.
  const auto d = comment(bo, post_id, "rude");
  const std::string q = "/api/v1/comments/" + std::to_string(d);
  EXPECT_TRUE(IsProblem(post(q + "/remove", bo), 403));
  EXPECT_EQ(post(q + "/remove", ann, {{"reason", "rude"}}).object().at("state"), "removed");
  EXPECT_EQ(post(q + "/restore", ann).object().at("state"), "visible");
}

TEST_F(Comments, ALargeThreadLoadsInBoundedPages) {
  // 60 roots, the first with a deep chain and a wide fan-out: the page holds
  // 50 roots, replies are cut breadth-first (parents always present), and
  // reply_count tells the client where to load more.
  std::vector<std::int64_t> roots;
  for (int i = 0; i < 60; ++i) roots.push_back(comment(bo, post_id, "root " + std::to_string(i)));
  std::int64_t parent = roots[0];
  for (int d = 1; d <= 14; ++d) parent = comment(ann, post_id, "deep " + std::to_string(d), parent);
  for (int i = 0; i < 120; ++i) comment(ann, post_id, "wide " + std::to_string(i), roots[1]);

  auto r = get(thread("?sort=old"));
  ASSERT_EQ(r.status, 200) << describe(r);
  auto o = r.object();
  auto items = o.at("items").as_array();
  ASSERT_EQ(items.size(), 50u);
  ASSERT_FALSE(o.at("next_cursor").is_null());
  // The chain is cut at depth 10.
  int depth = 0;
  const json::value* node = &items[0];
  while (!node->at("replies").as_array().empty()) {
    node = &node->at("replies").as_array()[0];
    depth = int(node->at("depth").as_int64());
  }
  EXPECT_EQ(depth, 10);
  EXPECT_EQ(node->at("reply_count").as_int64(), 1);
  // The fan-out is cut at 100 per root, and the rest pages through replies().
  EXPECT_EQ(items[1].at("replies").as_array().size(), 100u);
  EXPECT_EQ(items[1].at("reply_count").as_int64(), 120);
  std::set<std::int64_t> seen;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto more = get("/api/v1/comments/" + std::to_string(roots[1]) + "/replies?sort=old&limit=50" +
                    (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(more.status, 200) << describe(more);
    for (auto id : item_ids(more)) seen.insert(id);
    auto mo = more.object();
    if (mo.at("next_cursor").is_null()) break;
    cursor = std::string(mo.at("next_cursor").as_string());
  }
  EXPECT_EQ(seen.size(), 120u);
  // The next page of roots continues where the first stopped.
  auto next = get(thread("?sort=old&cursor=" + std::string(o.at("next_cursor").as_string())));
  auto next_items = next.object().at("items").as_array();
  ASSERT_EQ(next_items.size(), 10u);
  EXPECT_EQ(next_items[0].at("id").as_int64(), roots[50]);
}

TEST_F(Comments, TopSortOrdersRootsByScore) {
  const auto low = comment(bo, post_id, "low");
  const auto high = comment(bo, post_id, "high");
  auto cy = user("cy_voter");
  ASSERT_EQ(post("/api/v1/comments/" + std::to_string(high) + "/vote", cy, {{"value", 1}}).status, 200);
  ASSERT_EQ(post("/api/v1/comments/" + std::to_string(low) + "/vote", cy, {{"value", -1}}).status, 200);
  auto ids = item_ids(get(thread("?sort=top")));
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], high);
  auto newest = item_ids(get(thread("?sort=new")));
  EXPECT_EQ(newest[0], high);
}

}  // namespace
}  // namespace agora::test
