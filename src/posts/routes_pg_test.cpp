// Posts: writing, safe Markdown, edits with revisions, author delete,
// moderator actions, and who may do each.
#include <unordered_map>

#include "db/standalone.hpp"
#include "posts/repo.hpp"
#include "posts/views.hpp"
#include "support/community_api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

class Posts : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    bo = user("bo_member");
    community(ann, "club");
  }
  std::string path(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/posts/" + std::to_string(id) + rest;
  }
  Member ann, bo;
};

TEST_F(Posts, CreateRendersSafeMarkdownAndNormalizesTags) {
  auto r = post("/api/v1/communities/club/posts", bo,
                {{"title", "Hello"},
                 {"body", "**bold** <script>alert(1)</script> [x](javascript:alert(1))"},
                 {"tags", json::array{"News", "news", "c-plus-plus"}}});
  ASSERT_EQ(r.status, 201) << describe(r);
  auto o = r.object();
  const auto id = o.at("id").as_int64();
  EXPECT_EQ(r.header("location"), path(id));
  const std::string html(o.at("body_html").as_string());
  EXPECT_NE(html.find("<strong>bold</strong>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("javascript:"), std::string::npos);
  EXPECT_EQ(o.at("tags"), (json::array{"news", "c-plus-plus"}));
  EXPECT_EQ(o.at("author").at("username"), "bo_member");
  EXPECT_EQ(get("/api/v1/communities/club").object().at("post_count").as_int64(), 1);
  auto read = get(path(id));
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.object().at("title"), "Hello");
}

TEST_F(Posts, FeedsShowAPlainTextExcerptThatFollowsEdits) {
  const auto id =
      new_post(bo, "club", "Starter", "I am away **for two weeks**.\n\nFeed it [now](https://example.org)?");
  const auto excerpt_of_feed = [&] {
    auto r = get("/api/v1/feed?scope=community&community=club&sort=new");
    EXPECT_EQ(r.status, 200) << describe(r);
    return std::string(r.object().at("items").at(0).at("excerpt").as_string());
  };
  EXPECT_EQ(excerpt_of_feed(), "I am away for two weeks. Feed it now?");
  auto edited = call("PATCH", path(id), &bo, {{"body", "# Back\n\n" + std::string(400, 'a') + " end"}});
  ASSERT_EQ(edited.status, 200) << describe(edited);
  const auto after = excerpt_of_feed();
  EXPECT_TRUE(after.starts_with("Back aaaa")) << after;
  EXPECT_TRUE(after.ends_with("…")) << after;
  EXPECT_EQ(std::stoll(db().scalar("SELECT char_length(excerpt) FROM posts WHERE id = " + std::to_string(id))), 280);
  // A title-only edit keeps it.
  ASSERT_EQ(call("PATCH", path(id), &bo, {{"title", "Starter, again"}}).status, 200);
  EXPECT_EQ(excerpt_of_feed(), after);
  // Rows written before the column existed read the Markdown's start, as before.
  db().exec("UPDATE posts SET excerpt = NULL WHERE id = " + std::to_string(id));
  EXPECT_TRUE(excerpt_of_feed().starts_with("# Back")) << excerpt_of_feed();
}

TEST_F(Posts, PreviewRendersAsAStoredBodyWouldAndStoresNothing) {
  const std::string markdown =
      "**bold** <script>alert(1)</script> [x](javascript:alert(1))\n\n| a | b |\n|---|---|\n| 1 | 2 |";
  auto r = post("/api/v1/markdown/preview", bo, {{"body", markdown}});
  ASSERT_EQ(r.status, 200) << describe(r);
  const std::string html(r.object().at("html").as_string());
  // The same HTML the post would store.
  auto created = post("/api/v1/communities/club/posts", bo, {{"title", "Same"}, {"body", markdown}});
  ASSERT_EQ(created.status, 201) << describe(created);
  EXPECT_EQ(html, created.object().at("body_html").as_string());
  EXPECT_NE(html.find("<strong>bold</strong>"), std::string::npos);
  EXPECT_NE(html.find("<table>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("javascript:"), std::string::npos);
  EXPECT_EQ(rows("posts"), 1);  // the preview stored nothing

  // Guests may not preview; bad bodies are the same 4xx a post would get.
  EXPECT_EQ(call("POST", "/api/v1/markdown/preview", nullptr, {{"body", "x"}}).status, 401);
  const auto too_long = post("/api/v1/markdown/preview", bo, {{"body", std::string(40001, 'a')}});
  EXPECT_EQ(too_long.status, 422) << describe(too_long);
  EXPECT_EQ(too_long.object().at("errors").at(0).at("field"), "body");
  const auto wide_table = post("/api/v1/markdown/preview", bo, {{"body", "|" + std::string(300, '|') + "\n|-|"}});
  EXPECT_EQ(wide_table.status, 422) << describe(wide_table);
  EXPECT_EQ(post("/api/v1/markdown/preview", bo, {{"text", "x"}}).status, 422);  // body missing, text unknown
  EXPECT_EQ(post("/api/v1/markdown/preview", bo, {{"body", 7}}).status, 422);
  EXPECT_EQ(post("/api/v1/markdown/preview", bo, {{"body", ""}}).object().at("html"), "");
}

TEST_F(Posts, BadInputIsA4xxAndWritesNothing) {
  const std::string p = "/api/v1/communities/club/posts";
  EXPECT_TRUE(HasFieldError(post(p, bo, {{"title", ""}}), 422, "title"));
  EXPECT_TRUE(HasFieldError(post(p, bo, {{"title", std::string(301, 't')}}), 422, "title"));
  EXPECT_TRUE(HasFieldError(post(p, bo, {{"title", "ok"}, {"body", std::string(40001, 'b')}}), 422, "body"));
  EXPECT_TRUE(HasFieldError(post(p, bo, {{"title", "ok"}, {"tags", "news"}}), 422, "tags"));
  EXPECT_TRUE(HasFieldError(post(p, bo, {{"title", "ok"}, {"tags", json::array{"bad tag!"}}}), 422, "tags"));
  EXPECT_TRUE(HasFieldError(post(p, bo, {{"title", "ok"}, {"tags", json::array{1, 2}}}), 422, "tags"));
  json::array many;
  for (int i = 0; i < 9; ++i) many.push_back(json::string("t" + std::to_string(i)));
  EXPECT_TRUE(HasFieldError(post(p, bo, {{"title", "ok"}, {"tags", many}}), 422, "tags"));
  EXPECT_TRUE(HasFieldError(post(p, bo, {{"title", "ok"}, {"score", 1000}}), 422, "score"));
  EXPECT_TRUE(HasFieldError(post(p, bo, {{"title", std::string("nul\0byte", 8)}}), 422, "title"));
  EXPECT_TRUE(IsProblem(http().post(p, "[1,2]", "application/json", {bearer(bo.token)}), 400));
  EXPECT_TRUE(IsProblem(http().post(p, "{\"title\":\"\xff\"}", "application/json", {bearer(bo.token)}), 400));
  EXPECT_TRUE(IsProblem(
      http().post(p, std::string(std::size_t{300} * 1024, ' '), "application/json", {bearer(bo.token)}), 413));
  EXPECT_TRUE(IsProblem(post("/api/v1/communities/nope/posts", bo, {{"title", "ok"}}), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/posts/abc"), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/posts/0"), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/posts/99999999999999999999"), 404));
  EXPECT_EQ(rows("posts"), 0);
}

TEST_F(Posts, OnlyTheAuthorEditsAndEditsKeepRevisions) {
  const auto id = new_post(bo, "club", "First title", "first body");
  EXPECT_TRUE(IsProblem(call("PATCH", path(id), &ann, {{"title", "hijack"}}), 403));
  EXPECT_TRUE(IsProblem(call("PATCH", path(id), nullptr, {{"title", "anon"}}), 401));
  EXPECT_TRUE(HasFieldError(call("PATCH", path(id), &bo, json::object{}), 422, "body"));
  EXPECT_EQ(rows("post_revisions"), 0);
  // The outbox: refused edits add no event; an accepted one adds its
  // analytics event in the edit's transaction, with the request's trace id.
  const auto events = [&] {
    return db().scalar("SELECT count(*) FROM jobs WHERE kind = 'analytics.event' AND payload->>'name' = 'post_edited'");
  };
  EXPECT_EQ(events(), "0");
  auto e = call("PATCH", path(id), &bo, {{"title", "Second title"}, {"body", "*new*"}});
  ASSERT_EQ(e.status, 200) << describe(e);
  EXPECT_EQ(events(), "1");
  EXPECT_EQ(db().scalar("SELECT trace_id IS NOT NULL FROM jobs WHERE payload->>'name' = 'post_edited'"), "t");
  run_jobs();
  EXPECT_EQ(db().scalar("SELECT count(*) FROM analytics_events WHERE name = 'post_edited' AND user_id = " +
                        std::to_string(bo.id)),
            "1");
  EXPECT_EQ(e.object().at("title"), "Second title");
  EXPECT_FALSE(e.object().at("edited_at").is_null());
  EXPECT_NE(std::string(e.object().at("body_html").as_string()).find("<em>new</em>"), std::string::npos);
  // "title/body" of each revision on every page of `limit`, newest first.
  auto revisions = [&](int limit) {
    std::vector<std::string> out;
    each_page(path(id, "/revisions"), limit, nullptr, [&](const HttpResponse& r) {
      const auto o = r.object();  // a named copy: the loop must not read a destroyed temporary
      for (const auto& i : o.at("items").as_array())
        out.push_back(std::string(i.at("title").as_string()) + "/" + std::string(i.at("body").as_string()));
    });
    return out;
  };
  EXPECT_EQ(revisions(20), (std::vector<std::string>{"First title/first body"}));
  // A second edit soon after by the same author keeps no new revision
  // (posts/repo.hpp: a burst of edits is one revision)…
  ASSERT_EQ(call("PATCH", path(id), &bo, {{"title", "Third title"}}).status, 200);
  EXPECT_EQ(revisions(20), (std::vector<std::string>{"First title/first body"}));
  // …one after the grace period does, holding the text it replaced.
  db().exec("UPDATE post_revisions SET created_at = now() - make_interval(secs => " +
            std::to_string(posts::repo::kRevisionGraceSeconds + 1) + ") WHERE post_id = " + std::to_string(id));
  ASSERT_EQ(call("PATCH", path(id), &bo, {{"body", "fourth body"}}).status, 200);
  const std::vector<std::string> want = {"Third title/*new*", "First title/first body"};
  EXPECT_EQ(revisions(20), want);
  EXPECT_EQ(revisions(1), want);  // paged one at a time: the same, no gap or repeat
  auto now = get(path(id)).object();
  EXPECT_EQ(now.at("title"), "Third title");
  EXPECT_EQ(now.at("body"), "fourth body");
}

TEST_F(Posts, AuthorDeletesModeratorsRemoveAndRestore) {
  const auto id = new_post(bo, "club", "To be removed");
  EXPECT_TRUE(IsProblem(call("DELETE", path(id), &ann), 403));  // moderators remove, not delete
  EXPECT_TRUE(IsProblem(post(path(id, "/remove"), bo, {{"reason", "mine"}}), 403));
  auto removed = post(path(id, "/remove"), ann, {{"reason", "off topic"}});
  ASSERT_EQ(removed.status, 200) << describe(removed);
  EXPECT_EQ(removed.object().at("state"), "removed");
  EXPECT_EQ(removed.object().at("title"), "[removed]");
  EXPECT_EQ(get("/api/v1/communities/club").object().at("post_count").as_int64(), 0);
  EXPECT_TRUE(IsProblem(call("PATCH", path(id), &bo, {{"title", "sneaky"}}), 409));
  EXPECT_EQ(std::stoll(db().scalar("SELECT count(*) FROM notifications WHERE kind = 'mod' AND user_id = " +
                                   std::to_string(bo.id))),
            1);
  EXPECT_EQ(post(path(id, "/restore"), ann).status, 200);
  EXPECT_EQ(get(path(id)).object().at("title"), "To be removed");
  EXPECT_EQ(get("/api/v1/communities/club").object().at("post_count").as_int64(), 1);
  EXPECT_EQ(call("DELETE", path(id), &bo).status, 204);
  EXPECT_EQ(get(path(id)).object().at("state"), "deleted");
  EXPECT_EQ(get("/api/v1/communities/club").object().at("post_count").as_int64(), 0);
  EXPECT_TRUE(IsProblem(post(path(id, "/restore"), ann), 409));
  EXPECT_EQ(db().scalar("SELECT string_agg(action || ' ' || target_id || ' ' || reason, ', ' ORDER BY id) FROM "
                        "mod_actions WHERE target_type = 'post'"),
            "remove_post " + std::to_string(id) + " off topic, restore_post " + std::to_string(id) + " ");
}

TEST_F(Posts, LockAndPinAreForModerators) {
  const auto id = new_post(bo, "club", "Lock me");
  EXPECT_TRUE(IsProblem(post(path(id, "/lock"), bo, {{"locked", true}}), 403));
  EXPECT_TRUE(HasFieldError(post(path(id, "/lock"), ann, {{"locked", "yes"}}), 422, "locked"));
  EXPECT_TRUE(HasFieldError(post(path(id, "/lock"), ann, json::object{}), 422, "locked"));
  auto l = post(path(id, "/lock"), ann, {{"locked", true}});
  ASSERT_EQ(l.status, 200) << describe(l);
  EXPECT_TRUE(l.object().at("locked").as_bool());
  EXPECT_TRUE(IsProblem(post(path(id, "/comments"), bo, {{"body", "late"}}), 403));
  EXPECT_EQ(post(path(id, "/comments"), ann, {{"body", "moderators may"}}).status, 201);
  EXPECT_TRUE(post(path(id, "/pin"), ann, {{"pinned", true}}).object().at("pinned").as_bool());
  EXPECT_FALSE(post(path(id, "/pin"), ann, {{"pinned", false}}).object().at("pinned").as_bool());
}

// The two halves of view counting, without the flush loop that joins them
// (src/posts/views_pg_test.cpp runs that): a page read counts one view of
// exactly that post in memory and writes nothing, and repo::add_views adds
// each post's count to what it already has.
TEST_F(Posts, ReadsCountViewsInMemoryAndAddViewsAddsThemPerPost) {
  const auto popular = new_post(bo, "club", "Popular");
  const auto quiet = new_post(bo, "club", "Quiet");
  const auto unread = new_post(bo, "club", "Unread");
  // Views saved earlier, so adding and overwriting give different results.
  db().exec("UPDATE posts SET view_count = 10 WHERE id = " + std::to_string(popular));
  posts::ViewCounter::global().take();  // forget views from earlier tests
  for (int i = 0; i < 3; ++i) ASSERT_EQ(get(path(popular)).status, 200);
  ASSERT_EQ(get(path(quiet), &ann).status, 200);  // signed-in reads count too
  // Reads never write: the page shows the saved count, not the counted one.
  EXPECT_EQ(get(path(popular)).object().at("view_count").as_int64(), 10);
  // Listing pages and refused reads count nothing.
  ASSERT_EQ(get("/api/v1/feed").status, 200);
  ASSERT_EQ(get(path(99999)).status, 404);
  auto counts = posts::ViewCounter::global().take();
  EXPECT_EQ(counts, (std::unordered_map<std::int64_t, std::int64_t>{{popular, 4}, {quiet, 1}}));
  EXPECT_TRUE(posts::ViewCounter::global().take().empty());  // take() resets
  db::with_pool(server().config(),
                [&](db::Pool& pool) -> Task<void> { co_await posts::repo::add_views(pool, counts); });
  auto stored = [&](std::int64_t id) {
    return std::stoll(db().scalar("SELECT view_count FROM posts WHERE id = " + std::to_string(id)));
  };
  EXPECT_EQ(stored(popular), 14);
  EXPECT_EQ(stored(quiet), 1);
  EXPECT_EQ(stored(unread), 0);
  posts::ViewCounter::global().take();  // the reads below count again; leave nothing behind
}

}  // namespace
}  // namespace agora::test
