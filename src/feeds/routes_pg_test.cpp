// Feeds: orders, windows, cursors without gaps or repeats, scopes, the read
// rule, and that every variant's page comes straight off its own index.
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "feeds/query.hpp"
#include "support/community_api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;
using Ids = std::vector<std::int64_t>;

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
  // Casts `value` (+1 or -1) on post `id` through the API.
  void vote(const Member& who, std::int64_t id, int value) {
    auto r = post("/api/v1/posts/" + std::to_string(id) + "/vote", who, {{"value", value}});
    ASSERT_EQ(r.status, 200) << describe(r);
  }
  Member ann, bo;
};

TEST_F(Feeds, HotBalancesScoreAndAgeAndOldPostsDoNotResurface) {
  const auto old_post = new_post(ann, "club", "old but loved");
  const auto loved = new_post(ann, "club", "yesterday's favourite");
  const auto quiet = new_post(ann, "club", "this morning, quiet");
  const auto fresh = new_post(ann, "club", "fresh");
  age_post(old_post, "3 days");
  age_post(loved, "20 hours");
  age_post(quiet, "10 hours");
  // Each order of magnitude of score is worth 12.5 hours (hot = log10(score)
  // + age in units of 12.5 h):
  //   fresh     0 votes, now       ->  0
  //   loved     9 votes, 20 h ago  ->  0.954 - 1.6  = -0.646
  //   quiet     0 votes, 10 h ago  ->  0     - 0.8  = -0.8
  //   old_post 10 votes, 72 h ago  ->  1     - 5.76 = -4.76
  // So hot puts the older `loved` above the newer `quiet` (not newest first)
  // and the best-scored `old_post` last (not top first).
  std::vector<Member> fans;
  fans.reserve(10);
  for (int i = 0; i < 10; ++i) fans.push_back(user("fan_" + std::to_string(i)));
  for (int i = 0; i < 10; ++i) vote(fans[std::size_t(i)], old_post, 1);
  for (int i = 0; i < 9; ++i) vote(fans[std::size_t(i)], loved, 1);

  const Ids hot_order{fresh, loved, quiet, old_post};
  const Ids new_order{fresh, quiet, loved, old_post};
  const Ids top_order{old_post, loved, fresh, quiet};  // fresh and quiet tie at 0: the higher id first
  auto hot = get("/api/v1/feed?scope=community&community=club");
  ASSERT_EQ(hot.status, 200) << describe(hot);
  EXPECT_EQ(item_ids(hot), hot_order);
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=community&community=club&sort=hot")), hot_order);
  EXPECT_EQ(item_ids(get("/api/v1/feed?sort=hot")), hot_order);
  auto newest = item_ids(get("/api/v1/feed?scope=community&community=club&sort=new"));
  auto top = item_ids(get("/api/v1/feed?scope=community&community=club&sort=top"));
  EXPECT_EQ(newest, new_order);
  EXPECT_EQ(top, top_order);
  // The three orders really differ, so none can stand in for another.
  EXPECT_NE(item_ids(hot), newest);
  EXPECT_NE(item_ids(hot), top);
  // Top of the day leaves the three-day-old post out.
  EXPECT_EQ(item_ids(get("/api/v1/feed?sort=top&t=day")), (Ids{loved, fresh, quiet}));
  // Top of the week keeps the three-day-old one.
  EXPECT_EQ(item_ids(get("/api/v1/feed?sort=top&t=week")), top_order);
  // Comments do not bump a post: commenting on the old one changes nothing.
  comment(ann, old_post, "bump?");
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=community&community=club")), hot_order);
  // A vote moves a post at once: one vote on `quiet` (score 1 ranks like 0)
  // changes nothing; a second makes it log10(2) = 0.3 better, which lifts it
  // above `loved` (-0.5 against -0.646).
  vote(fans[0], quiet, 1);
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=community&community=club")), hot_order);
  vote(fans[1], quiet, 1);
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=community&community=club")), (Ids{fresh, quiet, loved, old_post}));
}

// Sort keys the test sets itself, so it knows each feed's exact order: 23
// posts in two communities with scores -2..4 (many tied) voted through the
// API, created in 8 distinct minutes that do not follow id order (so new is
// not id order, and several posts share a created_at). Hot ties where both
// the minute and log10 of the score tie (scores -1, 0 and 1 all rank 0).
TEST_F(Feeds, CursorPagesHaveNoGapsOrRepeats) {
  constexpr int kPosts = 23;
  auto score_of = [](int i) { return (i * 3) % 7 - 2; };
  auto minutes_ago = [](int i) { return (i * 5) % 8; };
  std::vector<Member> up, down;
  for (int i = 0; i < 4; ++i) up.push_back(user("up_" + std::to_string(i)));
  for (int i = 0; i < 2; ++i) down.push_back(user("down_" + std::to_string(i)));
  struct P {
    std::int64_t id;
    bool in_club;
    int score, minutes;
  };
  std::vector<P> posts;
  std::string times;
  for (int i = 0; i < kPosts; ++i) {
    const bool in_club = i % 2;
    const auto id = new_post(bo, in_club ? "club" : "other", "post " + std::to_string(i));
    posts.push_back({id, in_club, score_of(i), minutes_ago(i)});
    times +=
        std::string(times.empty() ? "" : ", ") + "(" + std::to_string(id) + ", " + std::to_string(minutes_ago(i)) + ")";
  }
  // One statement, so every post is placed relative to the same instant.
  db().exec(
      "UPDATE posts p SET created_at = date_trunc('second', now()) - make_interval(mins => t.m), "
      "hot = agora_hot(p.score, date_trunc('second', now()) - make_interval(mins => t.m)) "
      "FROM (VALUES " +
      times + ") AS t(id, m) WHERE p.id = t.id");
  // Votes through the API; each one recomputes the post's hot rank.
  for (const auto& p : posts) {
    for (int v = 0; v < p.score; ++v) vote(up[std::size_t(v)], p.id, 1);
    for (int v = 0; v < -p.score; ++v) vote(down[std::size_t(v)], p.id, -1);
  }
  ASSERT_EQ(db().scalar("SELECT count(*) FROM posts WHERE hot <> agora_hot(score, created_at)"), "0");

  // The expected orders, from the keys above (ties: higher id first).
  using Key = std::function<double(const P&)>;
  const std::map<std::string, Key> keys = {
      {"new", [](const P& p) { return -double(p.minutes); }},
      {"top", [](const P& p) { return double(p.score); }},
      {"hot",
       [](const P& p) {
         const double s = p.score > 0 ? 1 : p.score < 0 ? -1 : 0;
         return s * std::log10(std::max(std::abs(p.score), 1)) - p.minutes * 60 / 45000.0;
       }},
  };
  auto expected = [&](const Key& key, bool club_only) {
    std::vector<P> ps;
    for (const auto& p : posts)
      if (!club_only || p.in_club) ps.push_back(p);
    std::sort(ps.begin(), ps.end(), [&](const P& a, const P& b) {
      const double ka = key(a), kb = key(b);
      // Equal keys are exactly equal here: same inputs, same arithmetic.
      return ka != kb ? ka > kb : a.id > b.id;
    });
    Ids out;
    for (const auto& p : ps) out.push_back(p.id);
    return out;
  };
  // Orders of the same posts that a broken feed might fall back to.
  Ids by_id;
  for (const auto& p : posts) by_id.push_back(p.id);
  std::sort(by_id.rbegin(), by_id.rend());

  struct Scope {
    std::string query;
    const Member* who;
    bool club_only;
  };
  const std::vector<Scope> scopes = {{"/api/v1/feed?scope=all", nullptr, false},
                                     {"/api/v1/feed?scope=home", &ann, false},  // ann follows club and other
                                     {"/api/v1/feed?scope=community&community=club", nullptr, true}};
  const std::vector<int> limits = {2, 3, 5, 7};
  for (const auto& [sort, key] : keys) {
    const auto all_order = expected(key, false);
    EXPECT_NE(all_order, by_id) << sort << ": the setup must not make this order the id order";
    // The setup really makes paging cross both kinds of boundary: a page
    // that ends between two posts with the same key (only the id part of
    // the cursor separates them) and one that ends where the key changes.
    int tied_boundaries = 0, key_boundaries = 0;
    std::map<std::int64_t, const P*> by;
    for (const auto& p : posts) by[p.id] = &p;
    for (int limit : limits)
      for (std::size_t b = std::size_t(limit); b < all_order.size(); b += std::size_t(limit))
        ++(key(*by[all_order[b - 1]]) == key(*by[all_order[b]]) ? tied_boundaries : key_boundaries);
    EXPECT_GT(tied_boundaries, 0) << sort;
    EXPECT_GT(key_boundaries, 0) << sort;

    for (const auto& scope : scopes) {
      const std::string query = scope.query + "&sort=" + sort;
      const auto want = expected(key, scope.club_only);
      auto single = get(query + "&limit=100", scope.who);
      ASSERT_EQ(single.status, 200) << describe(single);
      EXPECT_EQ(item_ids(single), want) << query;
      EXPECT_TRUE(single.object().at("next_cursor").is_null()) << query;
      for (int limit : limits) EXPECT_EQ(all_ids(query, limit, scope.who), want) << query << " limit " << limit;
    }
  }
}

TEST_F(Feeds, ScopesAndTheReadRule) {
  const auto in_club = new_post(ann, "club", "club post");
  const auto in_other = new_post(ann, "other", "other post");
  const auto secret = new_post(ann, "hidden", "secret post");
  const auto also_other = new_post(ann, "other", "second other post");
  ASSERT_EQ(post("/api/v1/communities/club/join", bo).status, 200);
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=home", &bo)), (Ids{in_club}));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?scope=home"), 401));
  auto all = item_ids(get("/api/v1/feed?sort=new", &bo));
  EXPECT_EQ(all, (Ids{also_other, in_other, in_club}));
  EXPECT_EQ(item_ids(get("/api/v1/feed?sort=new")), (Ids{also_other, in_other, in_club}));
  EXPECT_EQ(item_ids(get("/api/v1/feed?sort=new", &ann)), (Ids{also_other, secret, in_other, in_club}));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?scope=community&community=hidden", &bo), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?scope=community&community=hidden"), 404));
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=community&community=hidden", &ann)), (Ids{secret}));
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=community&community=other&sort=new")), (Ids{also_other, in_other}));
  // A site admin reads the private community's posts in every scope.
  auto root = user("root_admin", "admin");
  EXPECT_EQ(item_ids(get("/api/v1/feed?sort=new", &root)), (Ids{also_other, secret, in_other, in_club}));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?scope=community"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?community=club"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?sort=best"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?t=decade"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/feed?cursor=" + std::string("YzF8YWJjfDE")), 400));  // "c1|abc|1"
  // Following a second community adds exactly its posts to the home feed;
  // muting one takes exactly that one out again.
  ASSERT_EQ(post("/api/v1/communities/other/join", bo).status, 200);
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=home&sort=new", &bo)), (Ids{also_other, in_other, in_club}));
  ASSERT_EQ(call("PUT", "/api/v1/communities/club/subscription", &bo, {{"level", "muted"}}).status, 200);
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=home&sort=new", &bo)), (Ids{also_other, in_other}));
  // Removed posts leave every feed.
  ASSERT_EQ(post("/api/v1/posts/" + std::to_string(in_other) + "/remove", ann, {{"reason", "spam"}}).status, 200);
  EXPECT_EQ(item_ids(get("/api/v1/feed?scope=home&sort=new", &bo)), (Ids{also_other}));
  EXPECT_EQ(item_ids(get("/api/v1/feed?sort=new")), (Ids{also_other, in_club}));
}

// The index each variant's page must come from (migrations/0003_community.sql).
// The home feed runs one scan of the community index per followed community
// inside a LATERAL subquery, so its name is the community one too.
std::string intended_index(const std::string& scope, const std::string& sort) {
  return (scope == "all" ? "posts_" : "posts_community_") + sort + "_idx";
}

// A string field of a plan node ("" when absent).
std::string field(const json::object& node, const char* name) {
  return node.contains(name) && node.at(name).is_string() ? std::string(node.at(name).as_string()) : "";
}

// The nodes of an EXPLAIN (FORMAT JSON) plan from the root down to the first
// node that scans `posts` (empty when none does).
std::vector<const json::object*> path_to_posts(const json::object& node) {
  if (field(node, "Relation Name") == "posts") return {&node};
  if (node.contains("Plans"))
    for (const auto& child : node.at("Plans").as_array()) {
      auto below = path_to_posts(child.as_object());
      if (!below.empty()) {
        below.insert(below.begin(), &node);
        return below;
      }
    }
  return {};
}

TEST_F(Feeds, EveryVariantIsAnIndexScan) {
  // A realistic table, so the planner chooses on its own (no enable_*
  // switches): 20,000 posts in 100 communities, where a scan of a global
  // index filtered by community would read about 100 rows per row it keeps.
  for (int i = 0; i < 5; ++i) new_post(bo, "club", "p" + std::to_string(i));
  db().exec("INSERT INTO communities (slug, name, created_by) SELECT 'seeded-' || g, 'Seeded ' || g, " +
            std::to_string(ann.id) + " FROM generate_series(1, 97) g;" +
            "INSERT INTO posts (community_id, author_id, title, score, hot, created_at) "
            "SELECT c.id, " +
            std::to_string(bo.id) +
            ", 'seeded ' || g, g % 50 - 10, agora_hot(g % 50 - 10, now() - make_interval(mins => g)), "
            "now() - make_interval(mins => g) FROM generate_series(1, 20000) g "
            "JOIN communities c ON c.id = 1 + g % 100;"
            "ANALYZE posts; ANALYZE communities; ANALYZE subscriptions; ANALYZE community_members");
  ASSERT_EQ(post("/api/v1/communities/club/join", bo).status, 200);
  ASSERT_EQ(post("/api/v1/communities/other/join", bo).status, 200);
  int checked = 0;
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
        const auto plan_text = db().scalar("EXPLAIN (FORMAT JSON) " + text);
        const auto plan = json::parse(plan_text).as_array().at(0).at("Plan").as_object();
        std::string what = scope;
        what.append("/").append(sort).append(with_cursor ? " with cursor" : "").append("\n").append(plan_text);
        const auto path = path_to_posts(plan);
        ASSERT_FALSE(path.empty()) << what;
        const auto& scan = *path.back();
        // The page comes off the intended index, in its order…
        EXPECT_EQ(field(scan, "Node Type"), "Index Scan") << what;
        EXPECT_EQ(field(scan, "Index Name"), intended_index(scope, sort)) << what;
        EXPECT_EQ(field(scan, "Scan Direction"), "Forward") << what;
        // …a cursor starts the range scan (an index condition, not a filter
        // applied to every row before it)…
        if (with_cursor) {
          EXPECT_NE(field(scan, "Index Cond")
                        .find(sort == "new"   ? "created_at"
                              : sort == "top" ? "score"
                                              : "hot"),
                    std::string::npos)
              << what;
        }
        // …and nothing sorts it before the LIMIT that ends the page: the
        // nearest Limit above the scan has no Sort between. In the home feed
        // that is the per-community LIMIT; the outer one then merges at most
        // (page size + 1) rows per followed community, which is a Sort.
        bool limit_seen = false;
        for (auto it = path.rbegin() + 1; it != path.rend() && !limit_seen; ++it) {
          const auto type = field(**it, "Node Type");
          EXPECT_TRUE(type != "Sort" && type != "Incremental Sort") << type << " above the scan: " << what;
          limit_seen = type == "Limit";
        }
        EXPECT_TRUE(limit_seen) << what;
        if (scope != "home") {
          EXPECT_EQ(field(plan, "Node Type"), "Limit") << what;
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 18);
}

}  // namespace
}  // namespace agora::test
