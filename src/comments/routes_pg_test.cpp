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

  // Four comments whose scores disagree with both age orders: the oldest has
  // the top score, the newest ties the second, and the second-oldest is
  // last. So top, new and old each give a different order, and top's
  // tie-break (the older first) shows too. With `under`, they are replies.
  struct Ranked {
    std::int64_t a = 0, b = 0, c = 0, d = 0;  // oldest to newest; scores +2, -1, +1, +1
  };
  Ranked ranked(std::int64_t under = 0) {
    Ranked r;
    r.a = comment(bo, post_id, "a", under);
    r.b = comment(bo, post_id, "b", under);
    r.c = comment(bo, post_id, "c", under);
    r.d = comment(bo, post_id, "d", under);
    const auto cy = user("cy_voter");
    vote(ann, r.a, 1);
    vote(cy, r.a, 1);
    vote(cy, r.b, -1);
    vote(ann, r.c, 1);
    vote(cy, r.d, 1);
    const auto ids =
        std::to_string(r.a) + "," + std::to_string(r.b) + "," + std::to_string(r.c) + "," + std::to_string(r.d);
    EXPECT_EQ(db().scalar("SELECT string_agg(score::text, ',' ORDER BY id) FROM comments WHERE id IN (" + ids + ")"),
              "2,-1,1,1");
    return r;
  }
  void vote(const Member& who, std::int64_t id, int value) {
    auto r = post("/api/v1/comments/" + std::to_string(id) + "/vote", who, {{"value", value}});
    ASSERT_EQ(r.status, 200) << describe(r);
  }
};

// Ids of the replies nested under the first root of a thread page.
std::vector<std::int64_t> nested_ids(const HttpResponse& r) {
  const auto page = r.object();  // a copy: iterate over a named one, not a temporary's parts
  std::vector<std::int64_t> out;
  for (const auto& i : page.at("items").as_array().at(0).at("replies").as_array()) out.push_back(i.at("id").as_int64());
  return out;
}

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

using Ids = std::vector<std::int64_t>;

TEST_F(Comments, TopSortOrdersRootsByScore) {
  const auto r = ranked();
  EXPECT_EQ(item_ids(get(thread("?sort=top"))), (Ids{r.a, r.c, r.d, r.b}));
  EXPECT_EQ(item_ids(get(thread())), (Ids{r.a, r.c, r.d, r.b}));  // top is the default
  EXPECT_EQ(item_ids(get(thread("?sort=new"))), (Ids{r.d, r.c, r.b, r.a}));
  EXPECT_EQ(item_ids(get(thread("?sort=old"))), (Ids{r.a, r.b, r.c, r.d}));
}

TEST_F(Comments, TopSortPagesByScoreThenAge) {
  // The cursor of a top page carries (score, id): the second page must
  // continue below the first page's last score, with the tie broken by id.
  const auto r = ranked();
  auto first = get(thread("?sort=top&limit=2"));
  ASSERT_EQ(first.status, 200) << describe(first);
  EXPECT_EQ(item_ids(first), (Ids{r.a, r.c}));
  const auto cursor = first.object().at("next_cursor");
  ASSERT_TRUE(cursor.is_string()) << describe(first);
  auto second = get(thread("?sort=top&limit=2&cursor=" + std::string(cursor.as_string())));
  ASSERT_EQ(second.status, 200) << describe(second);
  EXPECT_EQ(item_ids(second), (Ids{r.d, r.b}));
  EXPECT_TRUE(second.object().at("next_cursor").is_null());
}

TEST_F(Comments, RepliesFollowTheSortInTheThreadAndOnTheirOwnPage) {
  const auto root = comment(ann, post_id, "root");
  const auto r = ranked(root);
  const std::string replies = "/api/v1/comments/" + std::to_string(root) + "/replies";
  EXPECT_EQ(nested_ids(get(thread("?sort=top"))), (Ids{r.a, r.c, r.d, r.b}));
  EXPECT_EQ(nested_ids(get(thread("?sort=new"))), (Ids{r.d, r.c, r.b, r.a}));
  EXPECT_EQ(nested_ids(get(thread("?sort=old"))), (Ids{r.a, r.b, r.c, r.d}));
  EXPECT_EQ(item_ids(get(replies + "?sort=top")), (Ids{r.a, r.c, r.d, r.b}));
  EXPECT_EQ(item_ids(get(replies + "?sort=new")), (Ids{r.d, r.c, r.b, r.a}));
  EXPECT_EQ(item_ids(get(replies + "?sort=old")), (Ids{r.a, r.b, r.c, r.d}));
  // Paging the replies by top continues below the first page's last score.
  auto first = get(replies + "?sort=top&limit=3");
  EXPECT_EQ(item_ids(first), (Ids{r.a, r.c, r.d}));
  const auto cursor = first.object().at("next_cursor");
  ASSERT_TRUE(cursor.is_string()) << describe(first);
  EXPECT_EQ(item_ids(get(replies + "?sort=top&limit=3&cursor=" + std::string(cursor.as_string()))), (Ids{r.b}));
}

}  // namespace
}  // namespace agora::test
