// Feeds: orders, windows, cursors without gaps or repeats, scopes, the read
// rule, and that every variant's plan is an index scan.
#include <set>

#include "feeds/query.hpp"
#include "support/community_api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

class Feeds : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    bo = user("bo_member");
    community(ann, "club");
    community(ann, "other");
    community(ann, "hidden", "private");
  }
  void age_post(std::int64_t id, const std::string& interval) {
    db().exec("UPDATE posts SET created_at = now() - interval '" + interval +
              "', hot = agora_hot(score, now() - "
              "interval '" +
              interval + "') WHERE id = " + std::to_string(id));
  }
  Member ann, bo;
};

TEST_F(Feeds, HotBalancesScoreAndAgeAndOldPostsDoNotResurface) {
  const auto old_post = new_post(ann, "club", "old but loved");
  const auto fresh = new_post(ann, "club", "fresh");
  age_post(old_post, "3 days");
  // Ten upvotes on a three-day-old post do not beat a fresh post with none:
  // each order of magnitude of score is worth 12.5 hours.
  for (int i = 0; i < 10; ++i)
    ASSERT_EQ(
        post("/api/v1/posts/" + std::to_string(old_post) + "/vote", user("fan_" + std::to_string(i)), {{"value", 1}})
            .status,
        200);
  auto hot = get("/api/v1/feed?scope=community&community=club");
  ASSERT_EQ(hot.status, 200) << describe(hot);
  EXPECT_EQ(item_ids(hot), (std::vector<std::int64_t>{fresh, old_post}));
  auto top = get("/api/v1/feed?scope=community&community=club&sort=top");
  EXPECT_EQ(item_ids(top), (std::vector<std::int64_t>{old_post, fresh}));
  // Top of the day leaves the old post out.
  EXPECT_EQ(item_ids(get("/api/v1/feed?sort=top&t=day")), (std::vector<std::int64_t>{fresh}));
  // Comments do not bump a post: commenting on the old one changes nothing.
  comment(ann, old_post, "bump?");
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=community&community=club")), (std::vector<std::int64_t>{fresh, old_post}));
}

TEST_F(Feeds, CursorPagesHaveNoGapsOrRepeats) {
  for (int i = 0; i < 23; ++i) new_post(bo, i % 2 ? "club" : "other", "post " + std::to_string(i));
  for (const std::string sort : {"hot", "new", "top"}) {
    std::set<std::int64_t> seen;
    std::string cursor;
    int pages = 0;
    for (; pages < 20; ++pages) {
      auto r = get("/api/v1/feed?sort=" + sort + "&limit=5" + (cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(r.status, 200) << describe(r);
      for (auto id : item_ids(r)) EXPECT_TRUE(seen.insert(id).second) << sort << " repeated " << id;
      auto o = r.object();
      if (o.at("next_cursor").is_null()) break;
      cursor = std::string(o.at("next_cursor").as_string());
    }
    EXPECT_EQ(seen.size(), 23u) << sort;
    EXPECT_EQ(pages, 4) << sort;
  }
}

TEST_F(Feeds, ScopesAndTheReadRule) {
  const auto in_club = new_post(ann, "club", "club post");
  const auto in_other = new_post(ann, "other", "other post");
  const auto secret = new_post(ann, "hidden", "secret post");
  ASSERT_EQ(post("/api/v1/communities/club/join", bo).status, 200);
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=home", &bo)), (std::vector<std::int64_t>{in_club}));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?scope=home"), 401));
  auto all = item_ids(get("/api/v1/feed?sort=new", &bo));
  EXPECT_EQ(all, (std::vector<std::int64_t>{in_other, in_club}));
  EXPECT_EQ(item_ids(get("/api/v1/feed?sort=new", &ann)), (std::vector<std::int64_t>{secret, in_other, in_club}));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?scope=community&community=hidden", &bo), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?scope=community"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?community=club"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?sort=best"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?t=decade"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?cursor=" + std::string("YzF8YWJjfDE")), 400));  // "c1|abc|1"
  // Muting a community takes it out of the home feed.
  ASSERT_EQ(call("PUT", "/api/v1/communities/club/subscription", &bo, {{"level", "muted"}}).status, 200);
  EXPECT_TRUE(item_ids(get("/api/v1/feed?scope=home", &bo)).empty());
}

TEST_F(Feeds, EveryVariantIsAnIndexScan) {
  for (int i = 0; i < 5; ++i) new_post(bo, "club", "p" + std::to_string(i));
  for (const std::string scope : {"all", "home", "community"}) {
    for (const std::string sort : {"hot", "new", "top"}) {
      for (bool with_cursor : {false, true}) {
        feeds::FeedQuery q;
        q.scope = scope;
        q.sort = sort;
        q.community_id = 1;
        q.viewer_id = bo.id;
        if (with_cursor) q.after = {sort == "new" ? "1700000000000000" : "1", "99"};
        auto sql = feeds::feed_sql(q);
        // Inline the parameters for EXPLAIN (they are numbers and booleans).
        std::string text = sql.text;
        const auto& values = sql.params.values();
        for (int n = int(values.size()); n >= 1; --n) {
          const std::string ph = "$" + std::to_string(n);
          const std::string v = values[std::size_t(n - 1)].value_or("NULL");
          const std::string lit = (v == "t" || v == "f") ? "'" + v + "'" : v;
          for (auto pos = text.find(ph); pos != std::string::npos; pos = text.find(ph, pos + lit.size()))
            text.replace(pos, ph.size(), lit);
        }
        std::string all_plan;
        for (const auto& row : db().query("SET enable_seqscan = off; EXPLAIN " + text))
          all_plan += row[0].value_or("") + "\n";
        EXPECT_EQ(all_plan.find("Seq Scan on posts"), std::string::npos) << scope << "/" << sort << "\n" << all_plan;
        EXPECT_NE(all_plan.find("posts_"), std::string::npos) << scope << "/" << sort << "\n" << all_plan;
      }
    }
  }
}

}  // namespace
}  // namespace agora::test
