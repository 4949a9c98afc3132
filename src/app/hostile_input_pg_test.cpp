// Hostile input against the community API (issue 10): each test is one
// finding of the review, sent as an attacker sent it, and what must hold now.
// Live streams and connection limits have their own suites
// (src/live/revocation_pg_test.cpp, src/http/limits_pg_test.cpp).
#include <atomic>
#include <thread>

#include "content/paging.hpp"
#include "support/community_api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// 1,601 characters that cmark-gfm 0.29.0.gfm.6 renders to 807,062.
std::string table_bomb() { return "|" + repeat("a|", 400) + "\n|" + repeat("-|", 400) + "\n" + repeat("a\n", 400); }

class HostileInput : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    bo = user("bo_member");
    community(ann, "club");
    post_id = new_post(bo, "club", "Hello", "first body");
  }
  std::string post_path(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/posts/" + std::to_string(id) + rest;
  }
  std::string comment_path(std::int64_t id, const std::string& rest = "") {
    return "/api/v1/comments/" + std::to_string(id) + rest;
  }
  // Everything a refused write must leave as it was.
  std::string fingerprint() {
    return db().scalar(
        "SELECT (SELECT count(*) FROM posts) || '/' || (SELECT count(*) FROM comments) || '/' || (SELECT count(*) FROM "
        "post_revisions) || '/' || (SELECT string_agg(md5(title || body_md || body_html), ',' ORDER BY id) FROM posts) "
        "|| '/' || coalesce((SELECT string_agg(md5(body_md || body_html), ',' ORDER BY id) FROM comments), '')");
  }
  Member ann, bo;
  std::int64_t post_id = 0;
};

TEST_F(HostileInput, TableBombsAreRefusedAndStoreNothing) {
  const auto before = fingerprint();
  EXPECT_TRUE(HasFieldError(post(post_path(post_id, "/comments"), bo, {{"body", table_bomb()}}), 422, "body"));
  // A bad parent and a bomb: still a clear 4xx, and nothing rendered or stored.
  const auto both = post(post_path(post_id, "/comments"), bo, {{"body", table_bomb()}, {"parent_id", 999999}});
  EXPECT_TRUE(both.status == 422) << describe(both);
  EXPECT_TRUE(
      HasFieldError(post("/api/v1/communities/club/posts", bo, {{"title", "t"}, {"body", table_bomb()}}), 422, "body"));
  EXPECT_TRUE(HasFieldError(call("PATCH", post_path(post_id), &bo, {{"body", table_bomb()}}), 422, "body"));
  const auto c = comment(bo, post_id, "fine");
  const auto after_comment = fingerprint();
  EXPECT_TRUE(HasFieldError(call("PATCH", comment_path(c), &bo, {{"body", table_bomb()}}), 422, "body"));
  EXPECT_EQ(fingerprint(), after_comment);
  EXPECT_NE(before, after_comment);  // (the fingerprint does see a write)
}

class HostileIndexing : public HostileInput {
 protected:
  // One second: the crafted bodies below took 3.5 s to index before.
  void configure(Config& c) override {
    HostileInput::configure(c);
    c.db_statement_timeout = std::chrono::milliseconds(1000);
  }
};

TEST_F(HostileIndexing, CraftedTextIsIndexedInLinearTime) {
  const auto body = repeat("a_", 20000);  // 40,000 characters, one run without spaces
  auto created = post("/api/v1/communities/club/posts", bo, {{"title", repeat("b_", 150)}, {"body", body}});
  ASSERT_EQ(created.status, 201) << describe(created);
  const auto id = created.object().at("id").as_int64();
  auto edited = call("PATCH", post_path(id), &bo, {{"body", repeat("c_", 20000)}});
  EXPECT_EQ(edited.status, 200) << describe(edited);
  EXPECT_EQ(post(post_path(id, "/comments"), bo, {{"body", repeat("d_", 5000)}}).status, 201);
  // Still found by its words.
  auto found = get("/api/v1/search?q=hello");
  EXPECT_EQ(found.status, 200);
}

TEST_F(HostileInput, ForgedCursorsAre400OnEveryPaginatedRoute) {
  const auto c = comment(bo, post_id, "root");
  comment(ann, post_id, "reply", c);
  const std::string pid = std::to_string(post_id), cid = std::to_string(c);
  // What each route's cursor fields hold: i an integer (id, count, score,
  // microseconds), r a real (hot or search rank).
  struct Route {
    std::string path;
    std::string fields;
  };
  const std::vector<Route> routes = {{"/api/v1/feed?sort=hot&", "ri"},
                                     {"/api/v1/feed?sort=new&", "ii"},
                                     {"/api/v1/feed?sort=top&", "ii"},
                                     {"/api/v1/feed?scope=home&", "ri"},
                                     {"/api/v1/search?q=hello&", "ri"},
                                     {"/api/v1/search?q=hello&mode=text&", "ri"},
                                     {"/api/v1/search?q=root&type=comments&", "ri"},
                                     {"/api/v1/communities?", "ii"},
                                     {"/api/v1/communities?sort=new&", "ii"},
                                     {"/api/v1/communities/club/members?", "i"},
                                     {"/api/v1/posts/" + pid + "/comments?", "ii"},
                                     {"/api/v1/comments/" + cid + "/replies?", "ii"},
                                     {"/api/v1/users/bo_member/posts?", "i"},
                                     {"/api/v1/users/bo_member/comments?", "i"},
                                     {"/api/v1/communities/club/modlog?", "i"},
                                     {"/api/v1/communities/club/reports?", "i"},
                                     {"/api/v1/notifications?", "i"},
                                     {"/api/v1/me/subscriptions?", "i"},
                                     {"/api/v1/admin/audit-log?", "i"},
                                     {"/api/v1/posts/" + pid + "/revisions?", "i"}};
  const std::vector<std::string> bad_integers = {"1.5", "99999999999999999999", "1e3", "-1e400", "0x10", "NaN", ""};
  const std::vector<std::string> bad_reals = {"1e400", "-1e309", "NaN", "inf", "0x10", "1,5", ""};
  const auto admin = user("root_admin", "admin");
  int checked = 0;
  for (const auto& r : routes) {
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      for (const auto& bad : r.fields[i] == 'r' ? bad_reals : bad_integers) {
        std::vector<std::string> fields(r.fields.size(), "1");
        fields[i] = bad;
        const auto res = get(r.path + "cursor=" + content::encode_cursor(fields), &admin);
        EXPECT_EQ(res.status, 400) << r.path << " field " << i << " = '" << bad << "': " << describe(res);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 150);
}

TEST_F(HostileInput, DuplicateKeysAreRefusedAndStoreNothing) {
  const auto before = fingerprint();
  for (const char* body : {R"({"body":"harmless","body":"<the real one>"})", R"({"body":"a","\u0062ody":"b"})"}) {
    auto r = http().request("POST", post_path(post_id, "/comments"), body,
                            {bearer(bo.token), {"Content-Type", "application/json"}});
    EXPECT_TRUE(IsProblem(r, 400)) << describe(r);
  }
  EXPECT_EQ(fingerprint(), before);
}

TEST_F(HostileInput, SpoofingCharactersAreRefusedWhereOneUserShowsAnother) {
  const auto before = fingerprint();
  EXPECT_TRUE(
      HasFieldError(post("/api/v1/communities/club/posts", bo, {{"title", "Re: \u202Etxt.exe"}}), 422, "title"));
  EXPECT_TRUE(
      HasFieldError(post(post_path(post_id, "/comments"), bo, {{"body", "I agree \u2066x\u2069"}}), 422, "body"));
  EXPECT_TRUE(HasFieldError(call("PATCH", "/api/v1/me/settings", &bo, {{"display_name", "ann_owner\u200F"}}), 422,
                            "display_name"));
  EXPECT_TRUE(
      HasFieldError(call("PATCH", "/api/v1/me/settings", &bo, {{"display_name", "two\nlines"}}), 422, "display_name"));
  EXPECT_TRUE(HasFieldError(call("PATCH", "/api/v1/communities/club", &ann, {{"name", "bell\a"}}), 422, "name"));
  EXPECT_EQ(fingerprint(), before);
  // What people write stays possible.
  EXPECT_EQ(call("PATCH", "/api/v1/me/settings", &bo, {{"display_name", "Bö 👩‍💻 שלום"}}).status, 200);
}

TEST_F(HostileInput, APostRemovedByModeratorsHidesItsCommentsTagsAndTitle) {
  auto tagged = post("/api/v1/communities/club/posts", bo, {{"title", "Scam offer"}, {"tags", json::array{"deals"}}});
  ASSERT_EQ(tagged.status, 201);
  const auto id = tagged.object().at("id").as_int64();
  const auto c = comment(bo, id, "click my link");
  const auto reply = comment(bo, id, "really, click", c);
  auto cy = user("cy_reader");
  ASSERT_EQ(call("PUT", post_path(id, "/subscription"), &cy, {{"level", "all"}}).status, 200);
  ASSERT_EQ(post(post_path(id, "/remove"), ann, {{"reason", "scam"}}).status, 200);

  for (const Member* who : std::vector<const Member*>{nullptr, &cy, &bo}) {
    auto thread = get(post_path(id, "/comments"), who);
    ASSERT_EQ(thread.status, 200) << describe(thread);
    EXPECT_TRUE(thread.object().at("items").as_array().empty()) << describe(thread);
    EXPECT_TRUE(IsProblem(get(comment_path(c), who), 404));
    EXPECT_TRUE(IsProblem(get(comment_path(c, "/replies"), who), 404));
    EXPECT_TRUE(IsProblem(get(comment_path(reply), who), 404));
    auto p = get(post_path(id), who);
    EXPECT_TRUE(p.object().at("tags").as_array().empty()) << describe(p);
    EXPECT_EQ(p.body.find("Scam offer"), std::string::npos);
  }
  auto subs = get("/api/v1/me/subscriptions?kind=post", &cy);
  ASSERT_EQ(subs.status, 200);
  const auto subscribed = subs.object().at("items").as_array();
  ASSERT_EQ(subscribed.size(), 1u) << subs.body;
  EXPECT_EQ(subscribed[0].at("post_id").as_int64(), id);
  EXPECT_EQ(subscribed[0].at("post_title"), "[removed]");
  EXPECT_TRUE(IsProblem(post(comment_path(c, "/vote"), cy, {{"value", 1}}), 409));
  EXPECT_TRUE(IsProblem(call("PATCH", comment_path(c), &bo, {{"body", "edited"}}), 404));
  // The moderators still see the thread (to restore the post, or not).
  auto mod_view = get(post_path(id, "/comments"), &ann);
  ASSERT_EQ(item_ids(mod_view), std::vector<std::int64_t>{c});
  const auto replies = mod_view.object().at("items").as_array()[0].at("replies").as_array();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].at("id").as_int64(), reply);
  EXPECT_EQ(get(comment_path(c), &ann).status, 200);
}

TEST_F(HostileInput, CommentsOfALockedPostCannotBeEdited) {
  const auto c = comment(bo, post_id, "before the lock");
  ASSERT_EQ(post(post_path(post_id, "/lock"), ann, {{"locked", true}}).status, 200);
  EXPECT_TRUE(IsProblem(call("PATCH", comment_path(c), &bo, {{"body", "sneaky edit"}}), 403));
  EXPECT_EQ(db().scalar("SELECT body_md FROM comments WHERE id = " + std::to_string(c)), "before the lock");
  const auto mine = comment(ann, post_id, "moderator's note");
  EXPECT_EQ(call("PATCH", comment_path(mine), &ann, {{"body", "moderator's note, edited"}}).status, 200);
}

TEST_F(HostileInput, AResetLinkMailedBeforeAPasswordChangeNoLongerWorks) {
  signup_ok("dana@example.com", "dana");
  ASSERT_EQ(http().post_json("/api/v1/auth/password-reset", json::object{{"email", "dana@example.com"}}).status, 202);
  const auto code = latest_code_for("dana@example.com");
  const auto s = login_ok("dana");
  ASSERT_EQ(http()
                .post_json("/api/v1/me/password",
                           json::object{{"current_password", kPassword}, {"new_password", "Fresh-Secret-91-horse"}},
                           {bearer(s.token)})
                .status,
            204);
  const auto old_link = http().post_json("/api/v1/auth/password-reset/confirm",
                                         json::object{{"token", code}, {"new_password", "Attacker-Chosen-55-pw"}});
  EXPECT_TRUE(IsProblem(old_link, 400)) << describe(old_link);
  EXPECT_EQ(login("dana", "Fresh-Secret-91-horse").status, 200);
  EXPECT_EQ(login("dana", "Attacker-Chosen-55-pw").status, 401);
}

TEST_F(HostileInput, OutsideImagesAreNotEmbedded) {
  auto r = post(post_path(post_id, "/comments"), bo, {{"body", "look ![x](https://tracker.example/p.gif?u=1)"}});
  ASSERT_EQ(r.status, 201) << describe(r);
  const std::string html(r.object().at("body_html").as_string());
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"https://tracker.example/p.gif?u=1\""), std::string::npos) << html;
}

class HostileEdits : public HostileInput {
 protected:
  void configure(Config& c) override {
    HostileInput::configure(c);
    c.edits_per_hour = 3;
  }
};

TEST_F(HostileEdits, EditsAreBudgetedAndKeepNoRevisionPerKeystroke) {
  for (int i = 1; i <= 3; ++i)
    EXPECT_EQ(call("PATCH", post_path(post_id), &bo, {{"body", "edit " + std::to_string(i)}}).status, 200);
  const auto before = fingerprint();
  auto refused = call("PATCH", post_path(post_id), &bo, {{"body", "edit 4"}});
  EXPECT_EQ(refused.status, 429) << describe(refused);
  EXPECT_TRUE(refused.header("Retry-After").has_value());
  EXPECT_EQ(fingerprint(), before);
  // Comment edits spend the same budget.
  const auto c = comment(bo, post_id, "a comment");
  EXPECT_EQ(call("PATCH", comment_path(c), &bo, {{"body", "changed"}}).status, 429);
  // Three quick edits by the author kept one revision: the text before them.
  EXPECT_EQ(db().scalar("SELECT count(*) || ':' || min(body_md) FROM post_revisions WHERE post_id = " +
                        std::to_string(post_id)),
            "1:first body");
}

TEST_F(HostileInput, RevisionsComeInPages) {
  // Revisions more than five minutes apart each stay.
  for (int i = 1; i <= 5; ++i) {
    ASSERT_EQ(call("PATCH", post_path(post_id), &bo, {{"body", "v" + std::to_string(i)}}).status, 200);
    db().exec("UPDATE post_revisions SET created_at = created_at - interval '10 minutes'");
  }
  std::vector<std::string> bodies;
  std::string cursor;
  int pages = 0;
  do {
    auto page = get(post_path(post_id, "/revisions?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    ASSERT_EQ(page.status, 200) << describe(page);
    const auto o = page.object();
    EXPECT_LE(o.at("items").as_array().size(), 2u);
    for (const auto& item : o.at("items").as_array()) bodies.emplace_back(item.at("body").as_string());
    cursor = o.at("next_cursor").is_null() ? "" : std::string(o.at("next_cursor").as_string());
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(bodies, (std::vector<std::string>{"v4", "v3", "v2", "v1", "first body"}));
}

TEST_F(HostileInput, ABannedUserChangesNothingInTheCommunity) {
  const auto c = comment(bo, post_id, "my comment");
  auto cy = user("cy_voter");
  const auto cy_comment = comment(cy, post_id, "another");
  ASSERT_EQ(call("PUT", "/api/v1/communities/club/bans/bo_member", &ann, {{"reason", "spam"}}).status, 204);
  const auto before = fingerprint();
  EXPECT_TRUE(IsProblem(call("PATCH", post_path(post_id), &bo, {{"title", "edited while banned"}}), 403));
  EXPECT_TRUE(IsProblem(call("PATCH", comment_path(c), &bo, {{"body", "edited while banned"}}), 403));
  EXPECT_TRUE(IsProblem(post(comment_path(cy_comment, "/vote"), bo, {{"value", -1}}), 403));
  EXPECT_TRUE(IsProblem(post(post_path(post_id, "/vote"), bo, {{"value", 1}}), 403));
  EXPECT_TRUE(IsProblem(
      post("/api/v1/reports", bo, {{"target_type", "comment"}, {"target_id", cy_comment}, {"reason", "harassment"}}),
      403));
  EXPECT_EQ(fingerprint(), before);
  EXPECT_EQ(rows("reports"), 0);
  EXPECT_EQ(get(post_path(post_id), &bo).status, 200);  // reading stays open
}

TEST_F(HostileInput, ASuspendedAccountChangesNothingButItsOwnSession) {
  auto root = user("root_admin", "admin");
  auto cy = user("cy_reporter");
  ASSERT_EQ(post("/api/v1/reports", cy, {{"target_type", "post"}, {"target_id", post_id}, {"reason", "spam"}}).status,
            202);
  const auto report = get("/api/v1/communities/club/reports", &ann).object().at("items").as_array().at(0).at("id");
  ASSERT_EQ(
      call("PUT", "/api/v1/admin/users/ann_owner/suspension", &root, {{"reason", "compromised"}, {"days", 1}}).status,
      204);
  const auto before = fingerprint();
  const auto log_before = rows("mod_actions");
  for (const auto& r :
       {post(post_path(post_id, "/remove"), ann, {{"reason", "x"}}),
        post(post_path(post_id, "/lock"), ann, {{"locked", true}}),
        call("PUT", "/api/v1/communities/club/members/cy_reporter", &ann, {{"role", "moderator"}}),
        call("DELETE", "/api/v1/communities/club/members/bo_member", &ann),
        call("PUT", "/api/v1/communities/club/bans/bo_member", &ann, {{"reason", "x"}}),
        post("/api/v1/reports/" + std::to_string(report.as_int64()) + "/resolve", ann, {{"status", "dismissed"}}),
        call("PATCH", "/api/v1/communities/club", &ann, {{"description", "changed"}}),
        call("PATCH", "/api/v1/me/settings", &ann, {{"bio", "changed"}}),
        call("PUT", "/api/v1/communities/club/subscription", &ann, {{"level", "all"}}),
        post("/api/v1/communities/club/join", ann)}) {
    EXPECT_TRUE(IsProblem(r, 403)) << describe(r);
    EXPECT_NE(r.body.find("suspended"), std::string::npos) << r.body;
  }
  EXPECT_EQ(fingerprint(), before);
  EXPECT_EQ(rows("mod_actions"), log_before);
  EXPECT_EQ(db().scalar("SELECT bio FROM users WHERE username = 'ann_owner'"), "");
  // What a suspended person may still do: tidy up their own session.
  EXPECT_EQ(post("/api/v1/notifications/read-all", ann).status, 200);
  EXPECT_EQ(
      post("/api/v1/me/password", ann, {{"current_password", kPassword}, {"new_password", "Brand-New-Secret-33-ok"}})
          .status,
      204);
  EXPECT_EQ(post("/api/v1/auth/logout", ann).status, 204);
}

class HostileWrites : public HostileInput {
 protected:
  void configure(Config& c) override {
    HostileInput::configure(c);
    c.db_pool_size = 8;  // 4 connections per event loop: easy to run dry
  }
};

TEST_F(HostileWrites, OneCrowdsWritesDoNotStarveEveryonesReads) {
  // Nine fresh accounts edit long posts as fast as they can while anonymous
  // readers read the feed: before, 18% of the reads answered 503.
  std::vector<Member> writers;
  std::vector<std::int64_t> posts;
  for (int i = 0; i < 9; ++i) {
    writers.push_back(user("writer_" + std::to_string(i)));
    posts.push_back(new_post(writers.back(), "club", "long " + std::to_string(i), repeat("word ", 4000)));
  }
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0}, failed_reads{0}, writes{0}, refused_writes{0}, broken_writes{0};
  std::vector<std::thread> threads;
  threads.reserve(9 + 3);  // the writers, then the readers
  for (int i = 0; i < 9; ++i)
    threads.emplace_back([&, i] {
      for (int round = 0; round < 8; ++round) {
        auto r = call("PATCH", post_path(posts[std::size_t(i)]), &writers[std::size_t(i)],
                      {{"body", repeat("a_", 15000) + std::to_string(round)}});
        (r.status == 200 ? writes : (r.status == 429 || r.status == 503) ? refused_writes : broken_writes)++;
      }
    });
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&] {
      while (!stop) {
        auto r = get("/api/v1/feed?scope=community&community=club&sort=new");
        ++reads;
        if (r.status != 200) ++failed_reads;
      }
    });
  for (int i = 0; i < 9; ++i) threads[std::size_t(i)].join();
  stop = true;
  for (std::size_t i = 9; i < threads.size(); ++i) threads[i].join();
  EXPECT_EQ(failed_reads.load(), 0) << "of " << reads.load() << " reads";
  EXPECT_EQ(broken_writes.load(), 0);
  EXPECT_GT(writes.load(), 36) << "refused: " << refused_writes.load();
  EXPECT_GT(reads.load(), 20);
}

}  // namespace
}  // namespace agora::test
