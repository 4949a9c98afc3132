// Semantic and hybrid search, related posts and duplicate suggestions with
// the real model (USE Lite, loaded from var/models by scripts/fetch-model),
// embedded by the real worker jobs: finding by meaning, the read rule in
// every feature (similarity scores included), bad input, the fallback to
// text, the embedding pipeline's digests, and the cross-posting report.
#include <algorithm>

#include "app/encoder.hpp"
#include "content/paging.hpp"
#include "db/standalone.hpp"
#include "embeddings/backfill.hpp"
#include "embeddings/store.hpp"
#include "support/community_api.hpp"
#include "support/embeddings_test_server.hpp"
#include "support/jobs.hpp"

namespace agora::test {
namespace {

namespace json = boost::json;
using Ids = std::vector<std::int64_t>;

class Semantic : public CommunityApiTest {
 protected:
  void SetUp() override {
    CommunityApiTest::SetUp();
    ann = user("ann_owner");
    bo = user("bo_member");
    community(ann, "pets");
    community(ann, "kitchen");
    community(ann, "inner", "private");
    puppy = new_post(ann, "pets", "Training a new puppy",
                     "Our puppy chews everything. Short sessions with treats and praise work best; be consistent.");
    bread = new_post(ann, "kitchen", "Sourdough at home",
                     "Feed the starter the night before, knead gently and bake in a hot dutch oven.");
    taxes = new_post(bo, "kitchen", "Filing taxes as a freelancer",
                     "Keep receipts, set aside a share of every invoice and pay estimated taxes each quarter.");
    secret = new_post(ann, "inner", "Teaching an untrained young dog to obey",
                      "Private notes on obedience classes for our dog.");
    EXPECT_GE(run_jobs(), 4) << "the posts' embed jobs";
  }
  HttpResponse search(const std::string& query, const Member* who = nullptr) {
    return get("/api/v1/search?" + query, who);
  }
  Member ann, bo;
  std::int64_t puppy = 0, bread = 0, taxes = 0, secret = 0;
};

TEST_F(Semantic, FindsAPostByMeaningWhereTextSearchFindsNothing) {
  EXPECT_EQ(rows("embeddings"), 4);
  const std::string q = "q=how%20do%20I%20teach%20my%20dog%20to%20behave";
  auto text = search("mode=text&" + q);
  ASSERT_EQ(text.status, 200) << describe(text);
  EXPECT_EQ(item_ids(text), Ids{}) << "no post shares these words";
  for (const char* mode : {"semantic", "hybrid"}) {
    auto r = search(std::string("mode=") + mode + "&" + q);
    ASSERT_EQ(r.status, 200) << describe(r);
    const auto ids = item_ids(r);
    ASSERT_FALSE(ids.empty()) << mode;
    EXPECT_EQ(ids.front(), puppy) << mode << ": " << r.body;
    EXPECT_EQ(std::string(r.object().at("mode").as_string()), mode);
    EXPECT_EQ(std::find(ids.begin(), ids.end(), secret), ids.end()) << "a private post reached a guest";
  }
  // The default is hybrid; a text match still ranks first there.
  auto hybrid = search("q=sourdough%20starter");
  ASSERT_EQ(hybrid.status, 200);
  EXPECT_EQ(std::string(hybrid.object().at("mode").as_string()), "hybrid");
  EXPECT_EQ(item_ids(hybrid).front(), bread);
}

TEST_F(Semantic, PrivatePostsReachOnlyMembersInEveryFeature) {
  const auto cy = user("cy_member");
  ASSERT_EQ(call("PUT", "/api/v1/communities/inner/members/cy_member", &ann, {{"role", "member"}}).status, 204);
  const std::string q = "mode=semantic&q=dog%20obedience%20classes";
  auto contains = [](const HttpResponse& r, std::int64_t id) {
    const auto ids = item_ids(r);
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  EXPECT_FALSE(contains(search(q), secret));
  EXPECT_FALSE(contains(search(q, &bo), secret));
  EXPECT_TRUE(contains(search(q, &cy), secret));
  EXPECT_FALSE(contains(search("mode=semantic&community=pets&q=dog", &cy), secret)) << "the community filter";
  // Related posts of the public puppy post: the private dog post only for members.
  const auto related = "/api/v1/posts/" + std::to_string(puppy) + "/related";
  auto guest = get(related);
  ASSERT_EQ(guest.status, 200) << describe(guest);
  EXPECT_FALSE(contains(guest, secret));
  EXPECT_FALSE(contains(get(related, &bo), secret));
  EXPECT_TRUE(contains(get(related, &cy), secret));
  EXPECT_FALSE(contains(guest, puppy)) << "a post is not related to itself";
  EXPECT_TRUE(IsProblem(get("/api/v1/posts/" + std::to_string(secret) + "/related", &bo), 404));
  // Duplicate suggestions: no private post and no score of one.
  const json::object draft{{"title", "Teaching an untrained young dog to obey"},
                           {"body", "Private notes on obedience classes for our dog."}};
  auto outsider = post("/api/v1/posts/similar", bo, draft);
  ASSERT_EQ(outsider.status, 200) << describe(outsider);
  EXPECT_EQ(outsider.body.find(std::to_string(secret) + ","), std::string::npos);
  const auto outsider_page = outsider.object();  // named: the loop must not read a destroyed temporary
  for (const auto& i : outsider_page.at("items").as_array()) {
    EXPECT_NE(i.at("post").at("id").as_int64(), secret);
    EXPECT_LT(i.at("similarity").as_double(), 0.99) << "the private twin's score leaked: " << outsider.body;
  }
  auto member = post("/api/v1/posts/similar", cy, draft);
  ASSERT_EQ(member.status, 200) << describe(member);
  const auto member_page = member.object();
  const auto& top = member_page.at("items").as_array().at(0);
  EXPECT_EQ(top.at("post").at("id").as_int64(), secret);
  EXPECT_GT(top.at("similarity").as_double(), 0.99);
  EXPECT_TRUE(IsProblem(call("POST", "/api/v1/posts/similar", nullptr, draft), 401));
}

TEST_F(Semantic, BadQueriesAreClear4xxAndOddUnicodeIsFine) {
  for (const char* bad : {"", "q=", "q=%20%20%20", "q=dog&mode=vector", "q=dog&since=2024-02-30",
                          "q=dog&until=yesterday", "q=dog&type=comments&mode=semantic", "q=%FF"}) {
    auto r = search(bad);
    EXPECT_TRUE(IsProblem(r, 400)) << bad << ": " << describe(r);
  }
  EXPECT_TRUE(IsProblem(search("q=" + std::string(257, 'a')), 400));
  EXPECT_TRUE(IsProblem(search("q=dog&author=nobody_here"), 404));
  EXPECT_TRUE(IsProblem(search("q=dog&cursor=" + content::encode_cursor({"NaN", "1"})), 400));
  for (const char* odd : {"q=%F0%9F%90%B6%F0%9F%90%95", "q=%E7%8A%AC%E3%81%AE%E3%81%97%E3%81%A4%E3%81%91",
                          "q=%D7%9B%D7%9C%D7%91", "q=caf%C3%A9%20%E2%80%9Cdogs%E2%80%9D", "q=%E2%80%8B"}) {
    auto r = search(odd);
    EXPECT_EQ(r.status, 200) << odd << ": " << describe(r);
  }
  auto similar = post("/api/v1/posts/similar", bo, {{"title", std::string(301, 't')}});
  EXPECT_TRUE(HasFieldError(similar, 422, "title"));
  EXPECT_TRUE(HasFieldError(post("/api/v1/posts/similar", bo, {{"title", "x"}, {"limit", 50}}), 422, "limit"));
  EXPECT_TRUE(HasFieldError(post("/api/v1/posts/similar", bo, {{"body", "no title"}}), 422, "title"));
}

TEST_F(Semantic, FiltersByAuthorAndTimeAndPagesWithoutRepeats) {
  auto by_bo = search("mode=semantic&q=money&author=bo_member");
  ASSERT_EQ(by_bo.status, 200) << describe(by_bo);
  EXPECT_EQ(item_ids(by_bo), Ids{taxes});
  db().exec("UPDATE posts SET created_at = '2020-01-01T00:00:00Z' WHERE id = " + std::to_string(bread));
  EXPECT_EQ(item_ids(search("mode=semantic&q=bread&until=2021-01-01")), Ids{bread});
  const auto recent = item_ids(search("mode=semantic&q=bread&since=2021-01-01T00:00:00Z"));
  EXPECT_EQ(std::find(recent.begin(), recent.end(), bread), recent.end());
  for (const char* mode : {"semantic", "hybrid"}) {
    const auto all = item_ids(search(std::string("mode=") + mode + "&q=dog&limit=100"));
    for (int limit : {1, 2}) EXPECT_EQ(all_ids(std::string("/api/v1/search?mode=") + mode + "&q=dog", limit), all);
  }
}

TEST_F(Semantic, UnchangedTextIsNotEmbeddedAgainAndEditsAre) {
  const auto updated = [&] {
    return db().scalar("SELECT updated_at FROM embeddings WHERE target_id = " + std::to_string(bread));
  };
  const auto before = updated();
  ASSERT_EQ(call("PATCH", "/api/v1/posts/" + std::to_string(bread), &ann, {{"title", "Sourdough at home"}}).status,
            200);
  run_jobs();
  EXPECT_EQ(updated(), before) << "the same text was embedded again";
  ASSERT_EQ(call("PATCH", "/api/v1/posts/" + std::to_string(bread), &ann,
                 {{"title", "Filing my taxes on time"}, {"body", "Invoices, receipts and the quarterly payment."}})
                .status,
            200);
  run_jobs();
  EXPECT_NE(updated(), before);
  // Now two posts are about taxes: they lead.
  auto top = item_ids(search("mode=semantic&q=quarterly%20tax%20payments"));
  ASSERT_GE(top.size(), 2U);
  top.resize(2);
  std::sort(top.begin(), top.end());
  EXPECT_EQ(top, (Ids{std::min(bread, taxes), std::max(bread, taxes)}));
}

TEST_F(Semantic, TheSameTextInAnotherCommunitySoonAfterIsReportedAsSpam) {
  const std::string text = "Buy cheap watches at our store, limited offer, free shipping worldwide today only!";
  const auto first = new_post(bo, "pets", "Cheap watches", text);
  const auto second = new_post(bo, "kitchen", "Cheap watches", text);
  run_jobs();
  EXPECT_EQ(
      db().scalar("SELECT count(*) FROM reports WHERE reporter_id IS NULL AND target_id = " + std::to_string(first)),
      "0");
  EXPECT_EQ(db().scalar("SELECT reason || ' ' || (community_id = (SELECT id FROM communities WHERE slug = "
                        "'kitchen'))::text FROM reports WHERE reporter_id IS NULL AND target_id = " +
                        std::to_string(second)),
            "spam true");
  auto queue = get("/api/v1/communities/kitchen/reports", &ann);
  ASSERT_EQ(queue.status, 200) << describe(queue);
  EXPECT_NE(queue.body.find("Automatic"), std::string::npos) << queue.body;
  // An ordinary post in another community is not.
  new_post(bo, "pets", "Puppy treats", "Which treats do your dogs like best?");
  run_jobs();
  EXPECT_EQ(db().scalar("SELECT count(*) FROM reports WHERE reporter_id IS NULL"), "1");
}

TEST_F(Semantic, BackfillEmbedsWhatIsMissingAndResumesForFree) {
  db().exec("DELETE FROM embeddings WHERE target_id IN (" + std::to_string(puppy) + "," + std::to_string(taxes) + ")");
  auto& encoder = app::process_encoder(server().config());
  embeddings::BackfillProgress first, again;
  db::with_pool(server().config(), [&](db::Pool& pool) -> Task<void> {
    first = co_await embeddings::backfill_posts(pool, encoder, 3, 2, [](const embeddings::BackfillProgress&) {});
    again = co_await embeddings::backfill_posts(pool, encoder, 3, 2, [](const embeddings::BackfillProgress&) {});
  });
  EXPECT_EQ(first.embedded, 2);
  EXPECT_EQ(first.unchanged, 2);
  EXPECT_EQ(again.embedded, 0);
  EXPECT_EQ(again.unchanged, 4);
  EXPECT_EQ(rows("embeddings"), 4);
}

TEST_F(Semantic, RelatedPostsOfAGuestFollowAnEditOfThePost) {
  const auto crate = new_post(bo, "pets", "Crate training a dog", "How we taught our young dog to love its crate.");
  run_jobs();
  const auto related = [&] { return item_ids(get("/api/v1/posts/" + std::to_string(puppy) + "/related?limit=1")); };
  EXPECT_EQ(related(), (Ids{crate}));
  EXPECT_EQ(related(), (Ids{crate})) << "a second guest read, from the cache";
  ASSERT_EQ(call("PATCH", "/api/v1/posts/" + std::to_string(puppy), &ann,
                 {{"title", "Baking sourdough bread"}, {"body", "Feed the starter, knead the dough, bake it hot."}})
                .status,
            200);
  run_jobs();
  EXPECT_EQ(related(), (Ids{bread})) << "the cached list of the old text was served after the edit";
}

// The procedure of docs/runbooks/semantic-search.md with a second model (the
// OpenAI-compatible stand-in's feature-hashed words): it backfills beside
// the active one while serve keeps answering with the old one, a server
// configured with it answers from its vectors, then it takes over and the
// old model's vectors and index go.
TEST_F(Semantic, ASecondModelBackfillsBesideTheFirstThenTakesOver) {
  const auto old_model = app::process_encoder(server().config()).model_name();
  EmbeddingsTestServer endpoint({.dims = 64});
  Config next = server().config();
  next.embedder = "openai";
  next.embeddings_url = endpoint.url();
  next.embeddings_model = "hashed-words";
  next.embeddings_dimensions = 64;
  auto& encoder = app::process_encoder(next);
  const auto new_model = encoder.model_name();
  ASSERT_NE(new_model, old_model);
  embeddings::BackfillProgress filled;
  db::with_pool(next, [&](db::Pool& pool) -> Task<void> {
    filled = co_await embeddings::backfill_posts(pool, encoder, 2, 2, [](const embeddings::BackfillProgress&) {});
  });
  EXPECT_EQ(filled.embedded, 4);
  EXPECT_EQ(db().scalar("SELECT string_agg(name || '=' || state, ' ' ORDER BY created_at) FROM embedding_models"),
            old_model + "=active " + new_model + "=backfilling");
  EXPECT_EQ(db().scalar("SELECT count(*) FROM pg_indexes WHERE indexname = " +
                        sql_literal(embeddings::index_name(new_model))),
            "1");
  // The running server still answers with the old model meanwhile.
  EXPECT_EQ(item_ids(search("mode=semantic&q=teaching%20a%20dog")).front(), puppy);

  // A server rolled to the new model answers from the new vectors.
  TestServer rolled(db().url(), [&](Config& c) { c = next; });
  const auto asked = endpoint.requests().size();
  auto found = rolled.client().get("/api/v1/search?mode=semantic&q=sourdough%20starter%20dough");
  ASSERT_EQ(found.status, 200) << describe(found);
  EXPECT_EQ(item_ids(found).front(), bread) << found.body;
  EXPECT_EQ(found.body.find("\"warning\""), std::string::npos) << found.body;
  EXPECT_EQ(endpoint.requests().size(), asked + 1) << "the query was not embedded by the new model's endpoint";

  // Posts written during the roll by a worker on the new model; then it takes over.
  const auto late = new_post(bo, "kitchen", "Rye bread crust", "A dark rye loaf with a thick crust.");
  run_pending_jobs(next);
  EXPECT_EQ(db().scalar("SELECT string_agg(model, ' ') FROM embeddings WHERE target_id = " + std::to_string(late)),
            new_model);
  db::with_pool(next, [&](db::Pool& pool) -> Task<void> {
    co_await embeddings::activate(pool, new_model);
    co_await embeddings::drop(pool, old_model);
  });
  EXPECT_EQ(db().scalar("SELECT string_agg(name || '=' || state, ' ') FROM embedding_models"), new_model + "=active");
  EXPECT_EQ(db().scalar("SELECT count(*) FROM embeddings WHERE model <> " + sql_literal(new_model)), "0");
  EXPECT_EQ(db().scalar("SELECT count(*) FROM pg_indexes WHERE indexname = " +
                        sql_literal(embeddings::index_name(old_model))),
            "0");
  found = rolled.client().get("/api/v1/search?mode=semantic&q=rye%20bread%20crust");
  ASSERT_EQ(found.status, 200) << describe(found);
  EXPECT_EQ(item_ids(found).front(), late) << found.body;

  // The endpoint goes down: search answers by text with a warning, duplicate
  // suggestions with a 503 to retry, related posts from stored vectors.
  endpoint.stop();
  found = rolled.client().get("/api/v1/search?q=rye%20bread");
  ASSERT_EQ(found.status, 200) << describe(found);
  EXPECT_EQ(std::string(found.object().at("mode").as_string()), "text");
  EXPECT_TRUE(found.object().contains("warning")) << found.body;
  EXPECT_EQ(item_ids(found), Ids{late});
  const auto session =
      rolled.client().post_json("/api/v1/auth/login", {{"login", "bo_member"}, {"password", kPassword}});
  ASSERT_EQ(session.status, 200) << describe(session);
  const std::string token(session.object().at("token").as_string());
  const auto similar = rolled.client().post_json("/api/v1/posts/similar", {{"title", "Rye bread"}},
                                                 {{"Authorization", "Bearer " + token}});
  EXPECT_TRUE(IsProblem(similar, 503)) << describe(similar);
  EXPECT_TRUE(similar.header("retry-after").has_value()) << describe(similar);
  const auto related = rolled.client().get("/api/v1/posts/" + std::to_string(late) + "/related");
  ASSERT_EQ(related.status, 200) << describe(related);
  EXPECT_FALSE(item_ids(related).empty()) << related.body;
}

class SemanticOff : public Semantic {
 protected:
  void configure(Config& c) override {
    Semantic::configure(c);
    c.embedder = "off";
  }
};

TEST_F(SemanticOff, SearchFallsBackToTextWithAWarning) {
  EXPECT_EQ(rows("embeddings"), 0) << "no model, no vectors; the jobs still succeed";
  auto r = search("q=sourdough");
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(std::string(r.object().at("mode").as_string()), "text");
  EXPECT_NE(std::string(r.object().at("warning").as_string()).find("unavailable"), std::string::npos);
  EXPECT_EQ(item_ids(r), Ids{bread});
  EXPECT_EQ(get("/api/v1/posts/" + std::to_string(puppy) + "/related").body, "{\"items\":[]}");
}

}  // namespace
}  // namespace agora::test
