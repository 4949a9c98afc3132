// Full-text search: matching and ranking, comments, and the read rule.
#include <set>

#include "support/community_api.hpp"

namespace agora::test {
namespace {

class Search : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    bo = user("bo_member");
    community(ann, "club");
    community(ann, "inner", "private");
  }
  Member ann, bo;
};

TEST_F(Search, FindsPostsAndCommentsByStemmedWords) {
  const auto a = new_post(ann, "club", "Vectorized databases", "Indexes for embeddings");
  const auto b = new_post(ann, "club", "Gardening", "Tomatoes and a note on database backups");
  new_post(ann, "club", "Cooking", "Nothing relevant");
  auto r = get("/api/v1/search?q=database");
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(item_ids(r), (std::vector<std::int64_t>{a, b}));  // title matches rank first
  EXPECT_EQ(item_ids(get("/api/v1/search?q=database%20-tomatoes")), (std::vector<std::int64_t>{a}));
  EXPECT_EQ(item_ids(get("/api/v1/search?q=%22database%20backups%22")), (std::vector<std::int64_t>{b}));
  const auto c = comment(bo, b, "Try pruning the tomatoes weekly");
  EXPECT_EQ(item_ids(get("/api/v1/search?q=pruning&type=comments")), (std::vector<std::int64_t>{c}));
  EXPECT_TRUE(item_ids(get("/api/v1/search?q=the")).empty());  // only a stop word
}

TEST_F(Search, RespectsTheReadRuleAndRejectsBadQueries) {
  new_post(ann, "inner", "Quarterly secrets");
  EXPECT_TRUE(item_ids(get("/api/v1/search?q=secrets", &bo)).empty());
  EXPECT_TRUE(item_ids(get("/api/v1/search?q=secrets")).empty());
  EXPECT_EQ(item_ids(get("/api/v1/search?q=secrets", &ann)).size(), 1u);
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=secrets&community=inner", &bo), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/search"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q="), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=" + std::string(300, 'a')), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=a&type=users"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=%FF"), 400));
  EXPECT_EQ(get("/api/v1/search?q=%21%21%20%26%26%20%7C%7C%20(").status, 200);  // tsquery syntax is just text
}

TEST_F(Search, PagesByRank) {
  for (int i = 0; i < 7; ++i) new_post(ann, "club", "kernel tuning part " + std::to_string(i));
  std::set<std::int64_t> seen;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    auto r = get("/api/v1/search?q=kernel&limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << describe(r);
    for (auto id : item_ids(r)) EXPECT_TRUE(seen.insert(id).second);
    auto o = r.object();
    if (o.at("next_cursor").is_null()) break;
    cursor = std::string(o.at("next_cursor").as_string());
  }
  EXPECT_EQ(seen.size(), 7u);
}

}  // namespace
}  // namespace agora::test
