// Moderation: reports and the queue, bans, site suspensions, write budgets
// for new accounts, and the audit log.
#include <map>
#include <set>

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

// "<target_type> <target_id> by <reporter>" for each report of a queue page.
std::vector<std::string> queue_of(const HttpResponse& r) {
  std::vector<std::string> out;
  const auto o = r.object();
  for (const auto& i : o.at("items").as_array())
    out.push_back(std::string(i.at("target_type").as_string()) + " " + std::to_string(i.at("target_id").as_int64()) +
                  " by " + std::string(i.at("reporter").as_string()));
  return out;
}

TEST_F(Moderation, ReportsQueueAndResolution) {
  auto cy = user("cy_reporter");
  auto dee = user("dee_reporter");
  // Another community with its own report: each queue holds its own only.
  community(ann, "other");
  const auto elsewhere = new_post(bo, "other", "Elsewhere");
  const auto remark = comment(bo, post_id, "cheap, really");
  json::object report{{"target_type", "post"}, {"target_id", post_id}, {"reason", "spam"}, {"details", "ads"}};
  ASSERT_EQ(post("/api/v1/reports", cy, report).status, 202);
  ASSERT_EQ(post("/api/v1/reports", cy, report).status, 202);  // repeat: same answer, one report
  EXPECT_EQ(rows("reports"), 1);
  ASSERT_EQ(
      post("/api/v1/reports", dee, {{"target_type", "comment"}, {"target_id", remark}, {"reason", "spam"}}).status,
      202);
  ASSERT_EQ(post("/api/v1/reports", cy, {{"target_type", "post"}, {"target_id", elsewhere}, {"reason", "spam"}}).status,
            202);
  EXPECT_EQ(rows("reports"), 3);
  EXPECT_TRUE(
      HasFieldError(post("/api/v1/reports", cy, {{"target_type", "user"}, {"target_id", 1}, {"reason", "spam"}}), 422,
                    "target_type"));
  EXPECT_TRUE(
      HasFieldError(post("/api/v1/reports", cy, {{"target_type", "post"}, {"target_id", post_id}, {"reason", "meh"}}),
                    422, "reason"));
  EXPECT_TRUE(
      IsProblem(post("/api/v1/reports", cy, {{"target_type", "post"}, {"target_id", 99999}, {"reason", "spam"}}), 404));
  EXPECT_EQ(rows("reports"), 3);
  EXPECT_TRUE(IsProblem(get("/api/v1/communities/club/reports", &cy), 403));
  auto queue = get("/api/v1/communities/club/reports", &ann);
  ASSERT_EQ(queue.status, 200) << describe(queue);
  const auto p = std::to_string(post_id);
  // Newest first; the other community's report is not here.
  EXPECT_EQ(queue_of(queue), (std::vector<std::string>{"comment " + std::to_string(remark) + " by dee_reporter",
                                                       "post " + p + " by cy_reporter"}));
  EXPECT_EQ(queue_of(get("/api/v1/communities/other/reports", &ann)),
            (std::vector<std::string>{"post " + std::to_string(elsewhere) + " by cy_reporter"}));
  auto items = queue.object().at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].at("content").at("title"), "Buy cheap watches");
  EXPECT_EQ(items[0].at("content").at("body"), "cheap, really");
  const auto id = items[1].at("id").as_int64();
  EXPECT_TRUE(
      IsProblem(post("/api/v1/reports/" + std::to_string(id) + "/resolve", cy, {{"status", "dismissed"}}), 404));
  EXPECT_TRUE(HasFieldError(post("/api/v1/reports/" + std::to_string(id) + "/resolve", ann, {{"status", "open"}}), 422,
                            "status"));
  EXPECT_EQ(post("/api/v1/reports/" + std::to_string(id) + "/resolve", ann, {{"status", "actioned"}}).status, 204);
  // Only the resolved report leaves the open queue, into the actioned one.
  EXPECT_EQ(queue_of(get("/api/v1/communities/club/reports", &ann)),
            (std::vector<std::string>{"comment " + std::to_string(remark) + " by dee_reporter"}));
  EXPECT_EQ(queue_of(get("/api/v1/communities/club/reports?status=actioned", &ann)),
            (std::vector<std::string>{"post " + p + " by cy_reporter"}));
  EXPECT_TRUE(queue_of(get("/api/v1/communities/club/reports?status=dismissed", &ann)).empty());
  EXPECT_EQ(queue_of(get("/api/v1/communities/other/reports", &ann)).size(), 1u);
}

TEST_F(Moderation, BansStopPostingCommentingAndVotingThere) {
  auto cy = user("cy_troll");
  community(ann, "other");
  const auto other_post = new_post(bo, "other", "Elsewhere");
  EXPECT_TRUE(IsProblem(call("PUT", "/api/v1/communities/club/bans/cy_troll", &bo, {{"reason", "no"}}), 403));
  EXPECT_TRUE(
      HasFieldError(call("PUT", "/api/v1/communities/club/bans/cy_troll", &ann, {{"reason", ""}}), 422, "reason"));
  EXPECT_TRUE(HasFieldError(call("PUT", "/api/v1/communities/club/bans/cy_troll", &ann, {{"reason", "x"}, {"days", 0}}),
                            422, "days"));
  EXPECT_TRUE(IsProblem(call("PUT", "/api/v1/communities/club/bans/ann_owner", &ann, {{"reason", "me"}}), 409));
  ASSERT_EQ(call("PUT", "/api/v1/communities/club/bans/cy_troll", &ann, {{"reason", "trolling"}, {"days", 7}}).status,
            204);
  const auto posts_before = rows("posts"), comments_before = rows("comments"), votes_before = rows("post_votes");
  EXPECT_TRUE(IsProblem(post("/api/v1/communities/club/posts", cy, {{"title", "hi"}}), 403));
  EXPECT_TRUE(IsProblem(post("/api/v1/posts/" + std::to_string(post_id) + "/comments", cy, {{"body", "hi"}}), 403));
  EXPECT_TRUE(IsProblem(post("/api/v1/posts/" + std::to_string(post_id) + "/vote", cy, {{"value", -1}}), 403));
  EXPECT_TRUE(IsProblem(post("/api/v1/communities/club/join", cy), 403));
  EXPECT_EQ(rows("posts"), posts_before);
  EXPECT_EQ(rows("comments"), comments_before);
  EXPECT_EQ(rows("post_votes"), votes_before);
  EXPECT_EQ(get("/api/v1/posts/" + std::to_string(post_id), &cy).status, 200);  // reading stays open
  // "There": a ban in one community leaves every other one open.
  EXPECT_EQ(post("/api/v1/communities/other/posts", cy, {{"title", "fine here"}}).status, 201);
  EXPECT_EQ(post("/api/v1/posts/" + std::to_string(other_post) + "/comments", cy, {{"body", "hi"}}).status, 201);
  EXPECT_EQ(post("/api/v1/posts/" + std::to_string(other_post) + "/vote", cy, {{"value", 1}}).status, 200);
  EXPECT_EQ(post("/api/v1/communities/other/join", cy).status, 200);
  EXPECT_EQ(call("DELETE", "/api/v1/communities/club/bans/cy_troll", &ann).status, 204);
  EXPECT_EQ(post("/api/v1/communities/club/posts", cy, {{"title", "sorry"}}).status, 201);
  auto log = get("/api/v1/communities/club/modlog");
  ASSERT_EQ(log.status, 200);
  auto entries = log.object().at("items").as_array();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].at("action"), "unban_user");
  EXPECT_EQ(entries[1].at("action"), "ban_user");
  EXPECT_EQ(entries[1].at("reason"), "trolling");
  EXPECT_TRUE(get("/api/v1/communities/other/modlog").object().at("items").as_array().empty());
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
  auto written = [&] {
    return db().scalar(
        "SELECT (SELECT count(*) FROM posts) || ',' || (SELECT count(*) FROM comments) || ',' || "
        "(SELECT count(*) FROM post_votes) || ',' || (SELECT count(*) FROM communities) || ',' || "
        "(SELECT count(*) FROM post_revisions) || ',' || (SELECT string_agg(title || '/' || score, ',') FROM posts)");
  };
  const auto before = written();
  for (const auto& r : {post("/api/v1/communities/club/posts", bo, {{"title", "x"}}),
                        post("/api/v1/posts/" + std::to_string(post_id) + "/comments", bo, {{"body", "x"}}),
                        post("/api/v1/posts/" + std::to_string(post_id) + "/vote", bo, {{"value", 1}}),
                        post("/api/v1/communities", bo, {{"slug", "newone"}, {"name", "n"}}),
                        call("PATCH", "/api/v1/posts/" + std::to_string(post_id), &bo, {{"title", "edit"}})}) {
    EXPECT_TRUE(IsProblem(r, 403)) << describe(r);
  }
  EXPECT_EQ(written(), before);  // refused before anything was stored
  EXPECT_EQ(get("/api/v1/feed", &bo).status, 200);
  EXPECT_TRUE(get("/api/v1/users/bo_member").object().at("suspended").as_bool());
  EXPECT_EQ(call("DELETE", "/api/v1/admin/users/bo_member/suspension", &root).status, 204);
  EXPECT_TRUE(IsProblem(call("DELETE", "/api/v1/admin/users/bo_member/suspension", &root), 404));  // not any more
  EXPECT_FALSE(get("/api/v1/users/bo_member").object().at("suspended").as_bool());
  EXPECT_EQ(post("/api/v1/posts/" + std::to_string(post_id) + "/vote", bo, {{"value", 1}}).status, 200);
  auto audit = get("/api/v1/admin/audit-log", &root);
  ASSERT_EQ(audit.status, 200);
  std::vector<std::string> actions;
  const auto log = audit.object();
  for (const auto& e : log.at("items").as_array())
    actions.push_back(std::string(e.at("action").as_string()) + " " + std::string(e.at("target_type").as_string()) +
                      " " + std::to_string(e.at("target_id").as_int64()) + " by " +
                      std::string(e.at("moderator").as_string()) + ": " + std::string(e.at("reason").as_string()));
  const auto bo_id = std::to_string(bo.id);
  EXPECT_EQ(actions, (std::vector<std::string>{"unsuspend_user user " + bo_id + " by root_admin: ",
                                               "suspend_user user " + bo_id + " by root_admin: spam wave"}));
  EXPECT_TRUE(IsProblem(get("/api/v1/admin/audit-log", &ann), 403));
}

// Small budgets for both kinds of account and a new-account period that is
// not the default (72 h), so neither a hard-coded period nor an unlimited
// established budget can pass.
constexpr int kNewAccountHours = 30;
constexpr int kEstablishedPosts = 4, kNewPosts = 2;
constexpr int kEstablishedComments = 5, kNewComments = 3;

class WriteBudgets : public CommunityApiTest {
 protected:
  void configure(Config& c) override {
    CommunityApiTest::configure(c);
    c.new_account_hours = kNewAccountHours;
    c.posts_per_hour = kEstablishedPosts;
    c.new_account_posts_per_hour = kNewPosts;
    c.comments_per_hour = kEstablishedComments;
    c.new_account_comments_per_hour = kNewComments;
  }
  // Makes the account `hours` old (sessions read the account per request).
  void age(const Member& m, int hours) {
    db().exec("UPDATE users SET created_at = now() - make_interval(hours => " + std::to_string(hours) +
              ") WHERE id = " + std::to_string(m.id));
  }
  // What a refused write could leave behind.
  std::string stored() {
    return db().scalar(
        "SELECT (SELECT count(*) FROM posts) || ',' || (SELECT count(*) FROM comments) || ',' || "
        "(SELECT count(*) FROM subscriptions) || ',' || (SELECT count(*) FROM notifications) || ',' || "
        "(SELECT coalesce(sum(post_count), 0) FROM communities) || ',' || "
        "(SELECT coalesce(sum(comment_count), 0) FROM posts)");
  }
  // `budget` writes succeed (201), the next is a 429 problem+json with a
  // Retry-After of 1..3600 seconds, and stores nothing.
  template <class Write>
  void expect_budget(const std::string& who, int budget, Write write) {
    for (int i = 0; i < budget; ++i) {
      auto r = write(i);
      ASSERT_EQ(r.status, 201) << who << ": write " << i + 1 << " of " << budget << ": " << describe(r);
    }
    const auto before = stored();
    auto refused = write(budget);
    ASSERT_TRUE(IsProblem(refused, 429)) << who << ": write " << budget + 1 << ": " << describe(refused);
    const auto retry = refused.header("retry-after").value_or("");
    ASSERT_FALSE(retry.empty()) << who;
    ASSERT_EQ(retry.find_first_not_of("0123456789"), std::string::npos) << who << ": Retry-After " << retry;
    EXPECT_GE(std::stoll(retry), 1) << who;
    EXPECT_LE(std::stoll(retry), 3600) << who;
    EXPECT_EQ(stored(), before) << who << ": the refused write stored something";
  }
  HttpResponse write_post(const Member& m, const std::string& title) {
    return post("/api/v1/communities/club/posts", m, {{"title", title}});
  }
  HttpResponse write_comment(const Member& m, std::int64_t on, const std::string& body) {
    return post("/api/v1/posts/" + std::to_string(on) + "/comments", m, {{"body", body}});
  }
};

TEST_F(WriteBudgets, NewAccountsGetSmallerBudgets) {
  auto ann = user("ann_owner");
  age(ann, 24 * 365);
  community(ann, "club");
  const auto target = new_post(ann, "club", "Talk here");
  // New: just created, and one hour short of the period.
  auto fresh = user("fresh_account");
  auto young = user("young_account");
  age(young, kNewAccountHours - 1);
  // Established: one hour past the period (still well short of 72 h).
  auto settled = user("settled_account");
  age(settled, kNewAccountHours + 1);
  const std::vector<std::pair<Member, int>> posters = {
      {fresh, kNewPosts}, {young, kNewPosts}, {settled, kEstablishedPosts}};
  for (const auto& [who, budget] : posters) {
    const Member& m = who;  // clang before 16 cannot capture a structured binding in a lambda
    expect_budget(m.name + " posting", budget, [&](int i) { return write_post(m, m.name + " " + std::to_string(i)); });
  }
  const std::vector<std::pair<Member, int>> commenters = {
      {fresh, kNewComments}, {young, kNewComments}, {settled, kEstablishedComments}};
  for (const auto& [who, budget] : commenters) {
    const Member& m = who;
    expect_budget(m.name + " commenting", budget,
                  [&](int i) { return write_comment(m, target, m.name + " says " + std::to_string(i)); });
  }
  // Exactly the budgets were stored: 1 + 2 + 2 + 4 posts, 3 + 3 + 5 comments.
  EXPECT_EQ(rows("posts"), 1 + 2 * kNewPosts + kEstablishedPosts);
  EXPECT_EQ(rows("comments"), 2 * kNewComments + kEstablishedComments);
  // The budget is per account: the established owner still posts.
  EXPECT_EQ(write_post(ann, "the owner's own budget").status, 201);
}

// Every statistic gets a different value, so one computed from the wrong
// table or with the wrong filter (state, muted, withdrawn votes, open
// reports, the time windows) cannot match by accident.
TEST_F(CommunityApiTest, AdminStatsCountEverything) {
  auto ann = user("ann_owner");
  auto bo = user("bo_member");
  auto cy = user("cy_member");
  auto dee = user("dee_lapsed");
  auto root = user("root_admin", "admin");
  for (int i = 0; i < 6; ++i) user("idle_" + std::to_string(i));
  community(ann, "club");
  community(ann, "other");
  // Backdates a write and the analytics event it sent (the newest one, so
  // call it right after the write).
  auto age = [&](const std::string& table, std::int64_t id, const std::string& interval) {
    db().exec("UPDATE " + table + " SET created_at = now() - interval '" + interval +
              "' WHERE id = " + std::to_string(id));
    run_jobs();
    db().exec("UPDATE analytics_events SET occurred_at = now() - interval '" + interval +
              "' WHERE job_id = (SELECT max(job_id) FROM analytics_events)");
  };
  auto vote = [&](const Member& who, const std::string& what, std::int64_t id, int value) {
    auto r = post("/api/v1/" + what + "/" + std::to_string(id) + "/vote", who, {{"value", value}});
    EXPECT_EQ(r.status, 200) << describe(r);
  };
  const auto p1 = new_post(ann, "club", "two days old");
  age("posts", p1, "2 days");
  const auto p2 = new_post(ann, "other", "p2");
  const auto p3 = new_post(bo, "club", "p3");
  const auto p4 = new_post(cy, "club", "p4");
  const auto p5 = new_post(dee, "club", "ten days old");
  age("posts", p5, "10 days");
  const auto p6 = new_post(bo, "club", "removed");
  new_post(cy, "other", "p7");
  ASSERT_EQ(post("/api/v1/posts/" + std::to_string(p6) + "/remove", ann, {{"reason", "spam"}}).status, 200);
  const auto c1 = comment(bo, p1, "c1");
  const auto c2 = comment(cy, p1, "c2");
  comment(bo, p1, "c3");
  comment(ann, p3, "c4");
  comment(cy, p3, "c5");
  const auto c6 = comment(ann, p3, "two days old");
  age("comments", c6, "2 days");
  const auto c7 = comment(bo, p3, "deleted");
  const auto c8 = comment(dee, p1, "ten days old");
  age("comments", c8, "10 days");
  comment(ann, p4, "c9");
  ASSERT_EQ(call("DELETE", "/api/v1/comments/" + std::to_string(c7), &bo).status, 204);
  vote(bo, "posts", p1, 1);
  vote(cy, "posts", p1, 1);
  vote(bo, "posts", p2, -1);
  vote(cy, "posts", p2, 1);
  vote(cy, "posts", p3, 1);
  vote(ann, "posts", p3, 1);
  vote(ann, "posts", p4, 1);
  vote(bo, "posts", p4, 1);
  vote(bo, "posts", p4, 0);  // withdrawn: the row stays, with value 0
  vote(ann, "comments", c1, 1);
  vote(ann, "comments", c2, -1);
  ASSERT_EQ(post("/api/v1/communities/club/join", bo).status, 200);
  ASSERT_EQ(post("/api/v1/communities/club/join", cy).status, 200);
  ASSERT_EQ(call("PUT", "/api/v1/communities/club/subscription", &cy, {{"level", "muted"}}).status, 200);
  ASSERT_EQ(post("/api/v1/reports", cy, {{"target_type", "post"}, {"target_id", p3}, {"reason", "spam"}}).status, 202);
  ASSERT_EQ(post("/api/v1/reports", dee, {{"target_type", "post"}, {"target_id", p4}, {"reason", "spam"}}).status, 202);
  const auto dismissed = db().scalar("SELECT id FROM reports WHERE target_id = " + std::to_string(p4));
  ASSERT_EQ(post("/api/v1/reports/" + dismissed + "/resolve", ann, {{"status", "dismissed"}}).status, 204);

  const std::map<std::string, std::int64_t> expected = {
      {"open_reports", 1},      // cy's; dee's was dismissed
      {"communities", 2},       //
      {"active_users_1d", 3},   // ann, bo, cy (dee wrote only ten days ago, root and the idle never)
      {"active_users_30d", 4},  // and dee
      {"posts_1d", 5},          // p2, p3, p4, p6 (removed, still written today), p7
      {"posts", 6},             // visible: all but p6
      {"comments_1d", 7},       // c1..c5, c7 (deleted, still written today), c9
      {"comments", 8},          // visible: all but c7
      {"votes", 9},             // 7 on posts (the withdrawn one is not a vote), 2 on comments
      {"subscriptions", 10},    // 2 communities (ann), 7 posts (authors), bo's join; cy's join is muted
      {"users", 11},            // ann, bo, cy, dee, root, 6 idle
  };
  std::set<std::int64_t> distinct;
  for (const auto& [name, value] : expected) distinct.insert(value);
  ASSERT_EQ(distinct.size(), expected.size()) << "the setup must give every statistic its own value";

  // Activity comes from the analytics rollups: the events of every write
  // above, stored by their jobs, rolled up as the hourly schedule does.
  run_jobs();
  db().exec("INSERT INTO jobs (queue, kind) VALUES ('jobs', 'schedule.analytics-rollups')");
  ASSERT_EQ(run_jobs(), 1);
  EXPECT_TRUE(IsProblem(get("/api/v1/admin/stats", &bo), 403));
  auto r = get("/api/v1/admin/stats", &root);
  ASSERT_EQ(r.status, 200) << describe(r);
  auto o = r.object();
  for (const auto& [name, value] : expected) {
    ASSERT_TRUE(o.contains(name)) << name << ": " << describe(r);
    EXPECT_EQ(o.at(name).as_int64(), value) << name;
  }
}

// The dashboard's series: one row per day, oldest first, from the rollups;
// and queue health straight from the jobs table.
TEST_F(CommunityApiTest, AdminDailyStatsAndQueueHealth) {
  auto ann = user("ann_owner");
  auto bo = user("bo_member");
  auto root = user("root_admin", "admin");
  community(ann, "club");
  const auto old = new_post(ann, "club", "two days old");
  run_jobs();
  db().exec("UPDATE analytics_events SET occurred_at = now() - interval '2 days' WHERE name = 'post'");
  const auto today = new_post(bo, "club", "today");
  comment(bo, today, "a comment");
  comment(ann, old, "another");
  run_jobs();
  db().exec("INSERT INTO jobs (queue, kind) VALUES ('jobs', 'schedule.analytics-rollups')");
  ASSERT_EQ(run_jobs(), 1);

  EXPECT_TRUE(IsProblem(get("/api/v1/admin/stats/daily", &bo), 403));
  EXPECT_TRUE(IsProblem(get("/api/v1/admin/stats/daily"), 401));
  for (const char* bad : {"0", "367", "x", "-1", "3.5"})
    EXPECT_TRUE(IsProblem(get(std::string("/api/v1/admin/stats/daily?days=") + bad, &root), 400)) << bad;
  auto r = get("/api/v1/admin/stats/daily?days=3", &root);
  ASSERT_EQ(r.status, 200) << describe(r);
  const auto o = r.object();
  const auto& days = o.at("days").as_array();
  ASSERT_EQ(days.size(), 3U);
  const auto day = [&](std::size_t i, const char* field) { return days[i].at(field).as_int64(); };
  EXPECT_EQ(days[2].at("day").as_string(),
            db().scalar("SELECT to_char((now() AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')"));
  EXPECT_EQ(days[0].at("day").as_string(),
            db().scalar("SELECT to_char((now() AT TIME ZONE 'UTC')::date - 2, 'YYYY-MM-DD')"));
  EXPECT_EQ(day(0, "posts"), 1);  // the backdated one
  EXPECT_EQ(day(1, "posts"), 0);  // a quiet day is there, with zeros
  EXPECT_EQ(day(1, "active_users"), 0);
  EXPECT_EQ(day(2, "posts"), 1);
  EXPECT_EQ(day(2, "comments"), 2);
  EXPECT_EQ(day(2, "active_users"), 2);  // ann and bo
  EXPECT_EQ(get("/api/v1/admin/stats/daily", &root).object().at("days").as_array().size(), 30U);

  // Queues: a job waiting 90 s, one in the future, a dead letter.
  db().exec(
      "INSERT INTO jobs (queue, kind, run_at) VALUES ('emails', 'mail.x', now() - interval '90 seconds'), "
      "('emails', 'mail.y', now() + interval '1 hour')");
  db().exec("INSERT INTO jobs (queue, kind, state) VALUES ('jobs', 'poison', 'dead')");
  EXPECT_TRUE(IsProblem(get("/api/v1/admin/queues", &bo), 403));
  auto q = get("/api/v1/admin/queues", &root);
  ASSERT_EQ(q.status, 200) << describe(q);
  std::map<std::string, boost::json::object> by_queue;
  const auto queues = q.object();  // named: the loop must not run over a destroyed temporary
  for (const auto& row : queues.at("queues").as_array())
    by_queue[std::string(row.at("queue").as_string())] = row.as_object();
  ASSERT_EQ(by_queue.size(), 3U);
  EXPECT_EQ(by_queue["emails"].at("ready").as_int64(), 1);
  EXPECT_EQ(by_queue["emails"].at("delayed").as_int64(), 1);
  EXPECT_GE(by_queue["emails"].at("oldest_ready_seconds").to_number<double>(), 90.0);
  EXPECT_LT(by_queue["emails"].at("oldest_ready_seconds").to_number<double>(), 600.0);
  EXPECT_EQ(by_queue["jobs"].at("dead").as_int64(), 1);
  EXPECT_EQ(by_queue["jobs"].at("ready").as_int64(), 0);
  EXPECT_EQ(by_queue["analytics"].at("dead").as_int64(), 0);
}

}  // namespace
}  // namespace agora::test
