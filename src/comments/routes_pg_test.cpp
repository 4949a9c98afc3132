// Comments: threading, the bounded post-page read, paging, and rules.

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
  EXPECT_EQ(items[1].at("reply_count").as_int64(), 0);
  EXPECT_TRUE(items[1].at("replies").as_array().empty());
  ASSERT_EQ(items[0].at("replies").as_array().size(), 1u);
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
  const auto body_of = [this](const std::string& path) {
    return std::string(get(path).object().at("body").as_string());
  };
  // Refused changes change nothing.
  EXPECT_TRUE(IsProblem(call("PATCH", p, &ann, {{"body", "changed by owner"}}), 403));
  EXPECT_EQ(body_of(p), "original");
  auto e = call("PATCH", p, &bo, {{"body", "edited"}});
  ASSERT_EQ(e.status, 200) << describe(e);
  EXPECT_EQ(e.object().at("body"), "edited");
  EXPECT_EQ(body_of(p), "edited");
  EXPECT_TRUE(IsProblem(call("DELETE", p, &ann), 403));
  EXPECT_EQ(body_of(p), "edited");
  EXPECT_EQ(call("DELETE", p, &bo).status, 204);
  auto gone = get(p);
  EXPECT_EQ(gone.object().at("body"), "[deleted]");
  EXPECT_TRUE(gone.object().at("author").is_null());
  EXPECT_TRUE(IsProblem(post(thread(), ann, {{"body", "reply"}, {"parent_id", c}}), 409));
  // Moderators remove and restore, with a note to the author (and only those two).
  const auto d = comment(bo, post_id, "rude");
  const std::string q = "/api/v1/comments/" + std::to_string(d);
  const std::string notes =
      "SELECT coalesce(string_agg(message, '|' ORDER BY id), '') FROM notifications WHERE kind = "
      "'mod' AND comment_id = " +
      std::to_string(d) + " AND user_id = " + std::to_string(bo.id);
  EXPECT_TRUE(IsProblem(post(q + "/remove", bo), 403));
  EXPECT_EQ(db().scalar("SELECT state FROM comments WHERE id = " + std::to_string(d)), "visible");
  EXPECT_EQ(db().scalar(notes), "");
  EXPECT_EQ(post(q + "/remove", ann, {{"reason", "rude"}}).object().at("state"), "removed");
  EXPECT_EQ(db().scalar("SELECT state FROM comments WHERE id = " + std::to_string(d)), "removed");
  EXPECT_EQ(post(q + "/restore", ann).object().at("state"), "visible");
  EXPECT_EQ(db().scalar("SELECT state FROM comments WHERE id = " + std::to_string(d)), "visible");
  EXPECT_EQ(db().scalar(notes), "removed your comment: rude|restored your comment");
}

using Ids = std::vector<std::int64_t>;

// Ids of the replies nested directly under each root of a thread page.
std::vector<Ids> replies_per_root(const HttpResponse& r) {
  const auto page = r.object();
  std::vector<Ids> out;
  for (const auto& root : page.at("items").as_array()) {
    Ids ids;
    for (const auto& i : root.at("replies").as_array()) ids.push_back(i.at("id").as_int64());
    out.push_back(ids);
  }
  return out;
}

TEST_F(Comments, ALargeThreadLoadsInBoundedPages) {
  // 60 roots, the first with a deep chain and the second with a wide
  // fan-out: the page holds 50 roots, replies are cut breadth-first (parents
  // always present), and reply_count tells the client where to load more.
  Ids roots;
  for (int i = 0; i < 60; ++i) roots.push_back(comment(bo, post_id, "root " + std::to_string(i)));
  Ids chain;
  std::int64_t parent = roots[0];
  for (int d = 1; d <= 14; ++d) chain.push_back(parent = comment(ann, post_id, "deep " + std::to_string(d), parent));
  Ids wide;
  for (int i = 0; i < 120; ++i) wide.push_back(comment(ann, post_id, "wide " + std::to_string(i), roots[1]));

  auto r = get(thread("?sort=old"));
  ASSERT_EQ(r.status, 200) << describe(r);
  auto o = r.object();
  auto items = o.at("items").as_array();
  ASSERT_EQ(items.size(), 50u);
  EXPECT_EQ(item_ids(r), Ids(roots.begin(), roots.begin() + 50));
  ASSERT_FALSE(o.at("next_cursor").is_null());
  // The chain is cut at depth 10: exactly its first ten links, in order.
  Ids shown_chain;
  const json::value* node = &items[0];
  while (!node->at("replies").as_array().empty()) {
    EXPECT_EQ(node->at("replies").as_array().size(), 1u);
    node = &node->at("replies").as_array()[0];
    shown_chain.push_back(node->at("id").as_int64());
    EXPECT_EQ(node->at("depth").as_int64(), std::int64_t(shown_chain.size()));
  }
  EXPECT_EQ(shown_chain, Ids(chain.begin(), chain.begin() + 10));
  EXPECT_EQ(node->at("reply_count").as_int64(), 1);
  // The fan-out is cut at the first 100 per root, and the rest pages
  // through replies(); no other root has replies.
  const auto nested = replies_per_root(r);
  EXPECT_EQ(nested[1], Ids(wide.begin(), wide.begin() + 100));
  EXPECT_EQ(items[1].at("reply_count").as_int64(), 120);
  for (std::size_t i = 2; i < nested.size(); ++i) EXPECT_TRUE(nested[i].empty()) << "root " << i;
  // Every page of replies, for each sort and limits that do and do not
  // divide 120: exactly the sort's sequence, no id twice, no id missed,
  // and no next cursor after the last page, even a full one.
  const Ids oldest_first = wide;
  const Ids newest_first(wide.rbegin(), wide.rend());
  for (const auto& [sort, want] :
       {std::pair{std::string("old"), oldest_first}, std::pair{std::string("new"), newest_first},
        std::pair{std::string("top"), oldest_first}}) {  // all score 0: the older first
    for (int limit : {50, 40, 7}) {
      Ids seen;
      const int pages = each_page("/api/v1/comments/" + std::to_string(roots[1]) + "/replies?sort=" + sort, limit,
                                  nullptr, [&](const HttpResponse& r) {
                                    const auto page = item_ids(r);
                                    seen.insert(seen.end(), page.begin(), page.end());
                                  });
      EXPECT_EQ(seen, want) << sort << " limit " << limit;  // so no id twice and none missed
      EXPECT_EQ(pages, (120 + limit - 1) / limit) << sort << " limit " << limit;
    }
  }
  // The next page of roots continues where the first stopped, and ends.
  auto next = get(thread("?sort=old&cursor=" + std::string(o.at("next_cursor").as_string())));
  ASSERT_EQ(next.status, 200) << describe(next);
  EXPECT_EQ(item_ids(next), Ids(roots.begin() + 50, roots.end()));
  EXPECT_TRUE(next.object().at("next_cursor").is_null());
}

TEST_F(Comments, AThreadPageHoldsAtMost500RepliesCutBreadthFirstAcrossRoots) {
  // Six roots, each with 95 replies and then 5 replies to its first reply:
  // 100 per root, all within the per-root cut, 600 in all. The page keeps
  // 500, by depth first: every root's direct replies (570 would fit in no
  // page, so the last root gets 500 - 5 * 95 = 25) and no deeper ones, though
  // those of the first roots are older than the last root's direct replies.
  Ids roots;
  std::vector<Ids> direct(6);
  for (int i = 0; i < 6; ++i) {
    roots.push_back(comment(bo, post_id, "root " + std::to_string(i)));
    for (int k = 0; k < 95; ++k) direct[std::size_t(i)].push_back(comment(ann, post_id, "r", roots.back()));
    for (int k = 0; k < 5; ++k) comment(bo, post_id, "rr", direct[std::size_t(i)][0]);
  }
  auto r = get(thread("?sort=old"));
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(item_ids(r), roots);
  const auto nested = replies_per_root(r);
  ASSERT_EQ(nested.size(), 6u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(nested[i], direct[i]) << "root " << i;
  EXPECT_EQ(nested[5], Ids(direct[5].begin(), direct[5].begin() + 25));
  const auto page = r.object();
  for (const auto& root : page.at("items").as_array()) {
    EXPECT_EQ(root.at("reply_count").as_int64(), 95);
    for (const auto& reply : root.at("replies").as_array()) EXPECT_TRUE(reply.at("replies").as_array().empty());
  }
}

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
