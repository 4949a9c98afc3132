// `agora seed` into a real, migrated database: every stored counter equals
// a COUNT over the rows it summarises, trees and votes are consistent,
// indexes, keys and sequences are back, seeded users can sign in and the
// app keeps working on top; refusals leave the database untouched.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>

#include "app/commands.hpp"
#include "app/seed_run.hpp"
#include "app/seed_text.hpp"
#include "app/seed_world.hpp"
#include "support/api.hpp"

namespace agora::test {
namespace {

namespace json = boost::json;

class SeedPg : public ApiTest {
 protected:
  app::seeding::SeedSummary seed(const app::SeedOptions& o) {
    // Progress goes to a scratch file (a non-terminal: one line per step).
    std::FILE* sink = std::tmpfile();
    app::seeding::Progress progress(sink, /*interactive=*/false);
    struct Close {
      std::FILE* f;
      ~Close() { (void)std::fclose(f); }  // (void): a scratch file, read already
    } close{sink};
    auto summary = app::seeding::run_seed(server().config(), o, progress);
    std::rewind(sink);
    char line[512];
    progress_lines_ = 0;
    while (std::fgets(line, sizeof line, sink)) ++progress_lines_;
    return summary;
  }
  static app::SeedOptions small() {
    app::SeedOptions o;
    o.users = 60;
    o.communities = 6;
    o.posts = 120;
    o.comments = 2500;
    return o;
  }
  std::int64_t number(const std::string& sql) { return std::stoll(db().scalar(sql)); }
  // Indexes and foreign keys of the public schema, as the migrations made them.
  std::string schema_fingerprint() {
    return db().scalar(
        "SELECT string_agg(d, E'\\n' ORDER BY d) FROM ("
        "SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' UNION ALL "
        "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE connamespace = 'public'::regnamespace) x");
  }

  int progress_lines_ = 0;
};

TEST_F(SeedPg, EveryCounterEqualsWhatTheRowsSay) {
  const auto before = schema_fingerprint();
  const auto o = small();
  const auto summary = seed(o);

  EXPECT_EQ(db().count("users"), o.users);
  EXPECT_EQ(db().count("communities"), o.communities);
  EXPECT_EQ(db().count("posts"), o.posts);
  EXPECT_EQ(db().count("comments"), o.comments);
  EXPECT_EQ(db().count("post_votes") + db().count("comment_votes"), o.posts + o.comments);
  for (const auto& [table, rows] : summary.rows) EXPECT_EQ(db().count(table), rows) << table;
  EXPECT_GE(progress_lines_, 8) << "a line per table when stderr is not a terminal";

  // communities.member_count / post_count
  EXPECT_EQ(number("SELECT count(*) FROM communities c WHERE member_count <> (SELECT count(*) FROM "
                   "community_members m WHERE m.community_id = c.id) OR post_count <> (SELECT count(*) FROM posts p "
                   "WHERE p.community_id = c.id AND p.state = 'visible')"),
            0);
  EXPECT_EQ(number("SELECT count(*) FROM communities c WHERE (SELECT count(*) FROM community_members m "
                   "WHERE m.community_id = c.id AND m.role = 'owner' AND m.user_id = c.created_by) <> 1"),
            0);
  // posts: votes, score, hot, comment_count
  EXPECT_EQ(number("SELECT count(*) FROM posts p WHERE "
                   "upvotes <> (SELECT count(*) FROM post_votes v WHERE v.post_id = p.id AND v.value = 1) OR "
                   "downvotes <> (SELECT count(*) FROM post_votes v WHERE v.post_id = p.id AND v.value = -1) OR "
                   "score <> upvotes - downvotes OR hot <> agora_hot(score, created_at) OR "
                   "comment_count <> (SELECT count(*) FROM comments k WHERE k.post_id = p.id)"),
            0);
  // comments: votes, score, reply_count
  EXPECT_EQ(number("SELECT count(*) FROM comments k WHERE "
                   "upvotes <> (SELECT count(*) FROM comment_votes v WHERE v.comment_id = k.id AND v.value = 1) OR "
                   "downvotes <> (SELECT count(*) FROM comment_votes v WHERE v.comment_id = k.id AND v.value = -1) OR "
                   "score <> upvotes - downvotes OR "
                   "reply_count <> (SELECT count(*) FROM comments r WHERE r.parent_id = k.id)"),
            0);
  // trees: root_id is the top-level ancestor (itself at the top), depth 0 at the top
  EXPECT_EQ(number("SELECT count(*) FROM comments k LEFT JOIN comments p ON p.id = k.parent_id WHERE "
                   "(k.parent_id IS NULL AND (k.root_id <> k.id OR k.depth <> 0)) OR (k.parent_id IS NOT NULL AND "
                   "(p.post_id <> k.post_id OR k.depth <> p.depth + 1 OR k.root_id <> p.root_id OR "
                   "k.created_at < p.created_at))"),
            0);
  EXPECT_EQ(number("SELECT count(*) FROM comments k JOIN posts p ON p.id = k.post_id WHERE k.created_at < p.created_at "
                   "OR k.created_at > now()"),
            0);
  EXPECT_GT(number("SELECT count(*) FROM comments WHERE depth > 0"), 0);
  // votes: never on one's own content
  EXPECT_EQ(number("SELECT count(*) FROM post_votes v JOIN posts p ON p.id = v.post_id WHERE v.user_id = p.author_id"),
            0);
  EXPECT_EQ(number("SELECT count(*) FROM comment_votes v JOIN comments k ON k.id = v.comment_id "
                   "WHERE v.user_id = k.author_id"),
            0);
  // subscriptions as the app makes them: members follow, authors watch
  EXPECT_EQ(db().count("subscriptions"), db().count("community_members") + o.posts);
  // posts within the last 90 days; full-text columns computed
  EXPECT_EQ(number("SELECT count(*) FROM posts WHERE created_at < now() - interval '90 days 1 minute' "
                   "OR created_at > now()"),
            0);
  EXPECT_EQ(number("SELECT count(*) FROM comments WHERE search IS NULL OR body_html NOT LIKE '<p>%'"), 0);

  // The same indexes and keys as before, and sequences past the seeded ids.
  EXPECT_EQ(schema_fingerprint(), before);
  for (const char* t : {"users", "communities", "posts", "comments"})
    EXPECT_EQ(db().scalar(std::string("SELECT nextval(pg_get_serial_sequence('") + t + "', 'id')) > max(id) FROM " + t),
              "t")
        << t;
  EXPECT_GT(number("SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND tablename = 'comments'"), 0)
      << "ANALYZE ran";
}

TEST_F(SeedPg, SeededUsersSignInAndTheAppWorksOnTop) {
  auto o = small();
  o.password = "a-Different-seed-secret";
  seed(o);
  const auto name = db().scalar("SELECT username FROM users ORDER BY id DESC LIMIT 1");
  const auto me = login_ok(name, o.password);
  ASSERT_FALSE(me.token.empty());
  EXPECT_EQ(db().scalar("SELECT password_hash LIKE '$argon2id$%' FROM users WHERE username = " + sql_literal(name)),
            "t");

  // New rows get fresh ids (sequences moved on) and the restored unique
  // indexes still guard slugs.
  const auto slug = db().scalar("SELECT slug FROM communities WHERE visibility = 'public' ORDER BY id LIMIT 1");
  const auto post =
      http().post_json("/api/v1/communities/" + slug + "/posts",
                       json::object{{"title", "Posted after seeding"}, {"body", "It works."}}, {bearer(me.token)});
  ASSERT_EQ(post.status, 201) << describe(post);
  EXPECT_EQ(post.object().at("id").as_int64(), o.posts + 1);
  const auto again =
      http().post_json("/api/v1/communities", json::object{{"slug", slug}, {"name", "Copy"}}, {bearer(me.token)});
  EXPECT_EQ(again.status, 409) << describe(again);
  const auto fresh = http().post_json("/api/v1/communities", json::object{{"slug", "after-seed"}, {"name", "After"}},
                                      {bearer(me.token)});
  EXPECT_EQ(fresh.status, 201) << describe(fresh);
  EXPECT_EQ(number("SELECT member_count FROM communities WHERE slug = " + sql_literal(slug)),
            number("SELECT count(*) FROM community_members m JOIN communities c ON c.id = m.community_id "
                   "WHERE c.slug = " +
                   sql_literal(slug)));
}

TEST_F(SeedPg, ExistingUsersAreKeptAndSeededIdsFollowThem) {
  const auto admin_id = create_user("first@example.com", "first_admin", "admin");
  auto o = small();
  o.comments = 100;
  seed(o);
  EXPECT_EQ(db().count("users"), o.users + 1);
  EXPECT_EQ(db().scalar("SELECT role FROM users WHERE id = " + std::to_string(admin_id)), "admin");
  EXPECT_EQ(number("SELECT min(id) FROM users WHERE id <> " + std::to_string(admin_id)), admin_id + 1);
}

TEST_F(SeedPg, ASecondSeedIsRefusedAndChangesNothing) {
  auto o = small();
  o.comments = 200;
  seed(o);
  const auto users = db().count("users"), posts = db().count("posts");
  try {
    seed(o);
    FAIL() << "a second seed ran";
  } catch (const app::seeding::SeedRefused& e) {
    EXPECT_NE(std::string(e.what()).find("already has content"), std::string::npos) << e.what();
  }
  EXPECT_EQ(db().count("users"), users);
  EXPECT_EQ(db().count("posts"), posts);
}

TEST_F(SeedPg, APasswordThatBreaksTheRulesWritesNothing) {
  auto o = small();
  o.password = "short";
  EXPECT_THROW(seed(o), app::SeedUsageError);
  EXPECT_EQ(db().count("users"), 0);
  EXPECT_EQ(db().count("communities"), 0);
  // Through the command: exit 2, as for any usage error.
  EXPECT_EQ(app::seed(server().config(),
                      {"--users", "3", "--posts", "0", "--comments", "0", "--communities", "0", "--password", "short"}),
            2);
  EXPECT_EQ(app::seed(server().config(), {"--users", "many"}), 2);
  EXPECT_EQ(db().count("users"), 0);
}

TEST_F(SeedPg, AFailureHalfwayRemovesWhatWasWrittenAndRestoresTheSchema) {
  const auto before = schema_fingerprint();
  // An existing account takes the name seeded user #2 (id 3) will get: the
  // users COPY fails on users_username_key while other tables are loading.
  auto rng = app::seeding::Rng::for_item(1, app::seeding::kUserItem, 1);
  const auto taken = app::seeding::username(rng, 3);
  create_user("taken@elsewhere.example", taken, "member");
  try {
    seed(small());
    FAIL() << "the seed ignored a duplicate username";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("users_username_key"), std::string::npos) << e.what();
  }
  EXPECT_EQ(db().count("users"), 1);
  for (const char* t :
       {"communities", "community_members", "subscriptions", "posts", "comments", "post_votes", "comment_votes"})
    EXPECT_EQ(db().count(t), 0) << t;
  EXPECT_EQ(schema_fingerprint(), before) << "indexes and foreign keys are back";
  EXPECT_EQ(db().scalar("SELECT obj_description('posts'::regclass, 'pg_class') IS NULL"), "t") << "marker cleared";
  // Another random seed gives other names, and then it works.
  auto o = small();
  o.random_seed = 2;
  seed(o);
  EXPECT_EQ(db().count("comments"), o.comments);
}

TEST_F(SeedPg, AnInterruptedSeedOrAConcurrentOneIsRefused) {
  db().exec("COMMENT ON TABLE posts IS 'agora seed in progress: the content tables lack their indexes'");
  try {
    seed(small());
    ADD_FAILURE() << "seeded over an interrupted seed";
  } catch (const app::seeding::SeedRefused& e) {
    EXPECT_NE(std::string(e.what()).find("interrupted"), std::string::npos) << e.what();
  }
  db().exec("COMMENT ON TABLE posts IS NULL");
  db().exec("SELECT pg_advisory_lock(4242002)");  // held by this test's own session
  try {
    seed(small());
    ADD_FAILURE() << "two seeds at once";
  } catch (const app::seeding::SeedRefused& e) {
    EXPECT_NE(std::string(e.what()).find("another"), std::string::npos) << e.what();
  }
  db().exec("SELECT pg_advisory_unlock(4242002)");
  EXPECT_EQ(db().count("users"), 0);
}

TEST_F(SeedPg, AnUnmigratedDatabaseIsRefusedClearly) {
  TestDatabase empty(TestDatabase::Empty{});
  Config c = server().config();
  c.database_url = empty.url();
  std::FILE* sink = std::tmpfile();
  app::seeding::Progress progress(sink, false);
  try {
    app::seeding::run_seed(c, small(), progress);
    ADD_FAILURE() << "seeded a database without schema";
  } catch (const app::seeding::SeedRefused& e) {
    EXPECT_NE(std::string(e.what()).find("agora migrate"), std::string::npos) << e.what();
  }
  (void)std::fclose(sink);  // (void): a scratch file nobody reads
  EXPECT_EQ(app::seed(c, {"--users", "2", "--communities", "0", "--posts", "0", "--comments", "0"}), 1);
}

}  // namespace
}  // namespace agora::test
