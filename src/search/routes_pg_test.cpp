// Full-text search (mode=text): matching and ranking, comments, and the read
// rule. The semantic and hybrid modes: semantic_pg_test.cpp.
#include <map>

#include "support/community_api.hpp"

namespace agora::test {
namespace {

using Ids = std::vector<std::int64_t>;

class Search : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    bo = user("bo_member");
    community(ann, "club");
    community(ann, "inner", "private");
  }
  // The ids of one search (a single page) as `who`.
  Ids found(const std::string& query, const Member* who = nullptr) {
    auto r = get("/api/v1/search?mode=text&" + query, who);
    EXPECT_EQ(r.status, 200) << describe(r);
    if (r.status != 200) return {};
    EXPECT_TRUE(r.object().at("next_cursor").is_null()) << query;
    return item_ids(r);
  }
  // ts_rank of each id's search column for `word`, rounded, in id order.
  std::string ranks(const std::string& table, const Ids& ids, const std::string& word) {
    std::string list;
    for (auto id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
    return db().scalar("SELECT string_agg(round(ts_rank(search, websearch_to_tsquery('english', '" + word +
                       "'))::numeric, 4)::text, ',' ORDER BY id) FROM " + table + " WHERE id IN (" + list + ")");
  }
  Member ann, bo;
};

TEST_F(Search, FindsPostsAndCommentsByStemmedWords) {
  const auto a = new_post(ann, "club", "Vectorized databases", "Indexes for embeddings");
  const auto b = new_post(ann, "club", "Gardening", "Tomatoes and a note on database backups");
  new_post(ann, "club", "Cooking", "Nothing relevant");
  auto r = get("/api/v1/search?mode=text&q=database");
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(item_ids(r), (Ids{a, b}));  // title matches rank first, though b is newer
  EXPECT_EQ(found("q=database%20-tomatoes"), (Ids{a}));
  EXPECT_EQ(found("q=%22database%20backups%22"), (Ids{b}));
  EXPECT_EQ(found("q=%22backups%20database%22"), Ids{});  // a phrase keeps its order
  // Comments: stemmed too ("pruned" finds "pruning"), and only the matching one.
  const auto c = comment(bo, b, "Try pruning the tomatoes weekly");
  comment(bo, b, "Water them daily");
  const auto d = comment(bo, a, "Databases are overrated");
  EXPECT_EQ(found("q=pruned&type=comments"), (Ids{c}));
  EXPECT_EQ(found("q=database&type=comments"), (Ids{d}));
  EXPECT_EQ(found("q=pruned"), Ids{});          // a post is not found by its comments' words
  EXPECT_EQ(found("q=database"), (Ids{a, b}));  // nor ranked by them
  EXPECT_TRUE(found("q=the").empty());          // only a stop word
}

// The words of a highlight's runs, the matches in [brackets].
std::string marked(const boost::json::value& runs) {
  std::string out;
  for (const auto& r : runs.as_array()) {
    const std::string text(r.at("text").as_string());
    out += r.at("match").as_bool() ? "[" + text + "]" : text;
  }
  return out;
}

TEST_F(Search, MarksTheQuerysStemmedWordsInTitleAndBody) {
  const auto id = new_post(ann, "club", "Running shoes",
                           "My **old** shoes hurt.\n\nA [guide](https://example.com/x) to the best runs for runners.");
  std::string filler;
  for (int i = 0; i < 12; ++i) filler += "Some words about weather and gardens in spring. ";
  const auto long_one = new_post(ann, "club", "Long", filler + "\n\nThen a short run by the river. " + filler);
  new_post(ann, "club", "Walking", "Nothing to see");
  run_jobs();  // embeddings, for the semantic and hybrid modes
  for (const std::string mode : {"text", "hybrid", "semantic"}) {
    auto r = get("/api/v1/search?mode=" + mode + "&q=run");
    ASSERT_EQ(r.status, 200) << describe(r);
    const auto o = r.object();
    std::map<std::int64_t, boost::json::value> by_id;
    for (const auto& item : o.at("items").as_array()) by_id[item.at("id").as_int64()] = item.at("highlight");
    ASSERT_TRUE(by_id.count(id) && by_id.count(long_one)) << mode << ": " << describe(r);
    EXPECT_EQ(marked(by_id[id].at("title")), "[Running] shoes") << mode;
    // Plain text on one line (no Markdown, no link target); a body as short
    // as a feed's excerpt is shown whole.
    EXPECT_EQ(marked(by_id[id].at("excerpt")), "My old shoes hurt. A guide to the best [runs] for runners.") << mode;
    // A long one: the passage around the match, cut on both sides.
    const auto passage = marked(by_id[long_one].at("excerpt"));
    EXPECT_TRUE(passage.starts_with("… ") && passage.ends_with(" …")) << passage;
    EXPECT_NE(passage.find("Then a short [run] by the river."), std::string::npos) << passage;
    EXPECT_LT(passage.size(), 300U) << passage;
  }
  // Every result carries one, matched or not (a result found by meaning).
  auto r = get("/api/v1/search?mode=text&q=nothing");
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(marked(r.object().at("items").at(0).at("highlight").at("title")), "Walking");
  EXPECT_EQ(marked(r.object().at("items").at(0).at("highlight").at("excerpt")), "[Nothing] to see");
}

TEST_F(Search, RespectsTheReadRuleAndRejectsBadQueries) {
  // ann owns club (public) and inner (private); cy is a plain member of
  // inner; dee owns vault (private), which nobody else belongs to; bo
  // belongs to neither; root is a site admin.
  const auto cy = user("cy_member");
  const auto dee = user("dee_owner");
  const auto root = user("root_admin", "admin");
  community(dee, "vault", "private");
  auto put = call("PUT", "/api/v1/communities/inner/members/cy_member", &ann, {{"role", "member"}});
  ASSERT_EQ(put.status, 204) << describe(put);
  // One "secrets" in each title: the ranks tie, so results are newest first.
  const auto open = new_post(ann, "club", "Open secrets");
  const auto inner = new_post(ann, "inner", "Quarterly secrets");
  const auto vault = new_post(dee, "vault", "Vault secrets");
  // Removed posts and comments are found by nobody, not even an admin.
  const auto removed = new_post(ann, "club", "Removed secrets");
  ASSERT_EQ(post("/api/v1/posts/" + std::to_string(removed) + "/remove", ann, {{"reason", "spam"}}).status, 200);
  const auto open_c = comment(bo, open, "secrets out");
  const auto inner_c = comment(cy, inner, "secrets in");
  const auto vault_c = comment(dee, vault, "secrets kept");
  const auto removed_c = comment(bo, open, "secrets spilled");
  ASSERT_EQ(post("/api/v1/comments/" + std::to_string(removed_c) + "/remove", ann, {{"reason", "spam"}}).status, 200);

  EXPECT_EQ(found("q=secrets"), (Ids{open}));
  EXPECT_EQ(found("q=secrets", &bo), (Ids{open}));
  EXPECT_EQ(found("q=secrets", &cy), (Ids{inner, open}));
  EXPECT_EQ(found("q=secrets", &ann), (Ids{inner, open}));
  EXPECT_EQ(found("q=secrets", &dee), (Ids{vault, open}));
  EXPECT_EQ(found("q=secrets", &root), (Ids{vault, inner, open}));
  EXPECT_EQ(found("q=secrets&type=comments"), (Ids{open_c}));
  EXPECT_EQ(found("q=secrets&type=comments", &bo), (Ids{open_c}));
  EXPECT_EQ(found("q=secrets&type=comments", &cy), (Ids{inner_c, open_c}));
  EXPECT_EQ(found("q=secrets&type=comments", &dee), (Ids{vault_c, open_c}));
  EXPECT_EQ(found("q=secrets&type=comments", &root), (Ids{vault_c, inner_c, open_c}));
  // community= narrows to that community, which the viewer must be able to read.
  EXPECT_EQ(found("q=secrets&community=inner", &cy), (Ids{inner}));
  EXPECT_EQ(found("q=secrets&community=INNER", &cy), (Ids{inner}));
  EXPECT_EQ(found("q=secrets&community=club", &cy), (Ids{open}));
  EXPECT_EQ(found("q=secrets&community=vault", &root), (Ids{vault}));
  EXPECT_EQ(found("q=secrets&community=inner&type=comments", &cy), (Ids{inner_c}));
  EXPECT_EQ(found("q=secrets&community=club&type=comments", &root), (Ids{open_c}));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=secrets&community=inner", &bo), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=secrets&community=inner"), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=secrets&community=vault", &cy), 404));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=secrets&community=nowhere", &root), 404));

  EXPECT_TRUE(IsProblem(get("/api/v1/search"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q="), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=" + std::string(300, 'a')), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=a&type=users"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=%FF"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=secrets&limit=0"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=secrets&limit=101"), 400));
  EXPECT_TRUE(IsProblem(get("/api/v1/search?q=secrets&cursor=%00"), 400));
  EXPECT_EQ(found("q=%21%21%20%26%26%20%7C%7C%20("), Ids{});  // tsquery syntax is just text
  EXPECT_EQ(found("q=secrets%20%26%26%20%21"), (Ids{open}));  // and does not spoil the words with it
}

TEST_F(Search, PagesPostsByRankThenId) {
  // ts_rank counts every occurrence of the word, and a title (weight A)
  // far above the body (B): one in the title beats four in the body. Made
  // in an order that is neither the rank order nor its reverse, with two
  // pairs of tied ranks, so both parts of the (rank, id) cursor matter.
  const auto p0 = new_post(ann, "club", "kernel notes");                          // A     0.6079
  const auto p1 = new_post(ann, "club", "notes", "kernel kernel kernel");         // BBB   0.3310
  const auto p2 = new_post(ann, "club", "kernel kernel");                         // AA    0.7599
  const auto p3 = new_post(ann, "club", "tuning", "the kernel");                  // B     0.2432
  const auto p4 = new_post(ann, "club", "kernel tuning");                         // A     0.6079
  const auto p5 = new_post(ann, "club", "notes", "kernel kernel kernel kernel");  // BBBB  0.3462
  const auto p6 = new_post(ann, "club", "Kernel, kernel");                        // AA    0.7599
  const auto p7 = new_post(ann, "club", "kernel", "kernel kernel");               // ABB   0.6957
  const auto p8 = new_post(ann, "club", "other", "kernels");                      // B     0.2432
  new_post(ann, "club", "unrelated", "nothing here");
  new_post(ann, "inner", "kernel kernel kernel");  // private: not for anonymous readers
  EXPECT_EQ(ranks("posts", {p0, p1, p2, p3, p4, p5, p6, p7, p8}, "kernel"),
            "0.6079,0.3310,0.7599,0.2432,0.6079,0.3462,0.7599,0.6957,0.2432");
  // Rank first, then the newer (higher id) of a tie.
  const Ids want = {p6, p2, p7, p4, p0, p5, p1, p8, p3};
  EXPECT_EQ(found("q=kernel"), want);
  // Page ends fall inside both ties (limit 1, 2, 4, 8) and where the rank
  // changes; limit 9 fills one page exactly and has no next cursor.
  for (int limit : {1, 2, 3, 4, 5, 8, 9, 10})
    EXPECT_EQ(all_ids("/api/v1/search?mode=text&q=kernel", limit), want) << "limit " << limit;
  // A second page continues below the first page's last key.
  auto first = get("/api/v1/search?mode=text&q=kernel&limit=4");
  ASSERT_EQ(item_ids(first), (Ids{p6, p2, p7, p4}));
  auto second = get("/api/v1/search?mode=text&q=kernel&limit=4&cursor=" +
                    std::string(first.object().at("next_cursor").as_string()));
  EXPECT_EQ(item_ids(second), (Ids{p0, p5, p1, p8}));
}

TEST_F(Search, PagesCommentsByRankThenId) {
  // A comment's body is all it is searched by: three, two or one
  // occurrences, each count twice (so ties), made in neither rank order.
  const auto k = new_post(ann, "club", "Systems");
  const auto m = new_post(ann, "club", "Other systems");
  const auto c0 = comment(bo, k, "kernel");                     // 1
  const auto c1 = comment(bo, k, "kernel kernel kernel");       // 3
  const auto c2 = comment(ann, m, "kernel kernel");             // 2
  const auto c3 = comment(ann, m, "a kernel panic");            // 1
  const auto c4 = comment(bo, k, "Kernel, kernel and KERNEL");  // 3
  const auto c5 = comment(ann, k, "kernels and the kernel");    // 2
  comment(bo, m, "nothing here");
  EXPECT_EQ(ranks("comments", {c0, c1, c2, c3, c4, c5}, "kernel"), "0.0608,0.0827,0.0760,0.0608,0.0827,0.0760");
  const Ids want = {c4, c1, c5, c2, c3, c0};
  EXPECT_EQ(found("q=kernel&type=comments"), want);
  for (int limit : {1, 2, 3, 4, 5, 6, 7}) {
    EXPECT_EQ(all_ids("/api/v1/search?q=kernel&type=comments", limit), want) << "limit " << limit;
  }
}

}  // namespace
}  // namespace agora::test
