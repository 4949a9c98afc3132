#include "app/seed_run.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <thread>

#include "accounts/password.hpp"
#include "accounts/validation.hpp"
#include "app/seed_parallel.hpp"
#include "app/seed_schema.hpp"
#include "app/seed_tables.hpp"
#include "app/seed_world.hpp"

namespace agora::app::seeding {
namespace {

// Tables whose indexes and foreign keys are set aside during the load.
// users keeps its unique indexes: existing accounts must not collide with
// seeded names, and users are few next to comments and votes.
constexpr std::array<const char*, 7> kDeferred = {"communities", "community_members", "subscriptions", "posts",
                                                  "comments",    "post_votes",        "comment_votes"};
constexpr const char* kAllTables =
    "users, communities, community_members, subscriptions, posts, comments, post_votes, "
    "comment_votes";

// Every connection: no statement timeout for long COPYs and index builds,
// memory to sort big indexes and hash the foreign-key checks in one pass,
// no waiting on WAL flushes, and exact float output (hot_values).
constexpr const char* kSetup =
    "SET statement_timeout = 0; SET lock_timeout = '30s'; SET maintenance_work_mem = '256MB'; "
    "SET work_mem = '128MB'; SET synchronous_commit = off; SET extra_float_digits = 1";

// Held for the whole run, so two seeds cannot interleave.
constexpr const char* kSeedLock = "4242002";

// While the content tables lack their indexes, posts carries this comment;
// a seed that was killed leaves it behind, and the next one says so.
constexpr const char* kMarker = "agora seed in progress";

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void check_schema(PgSession& db) {
  if (db.scalar("SELECT to_regclass('comment_votes') IS NULL") == "t")
    throw SeedRefused("the database has no community schema; run `agora migrate` first");
  if (db.scalar("SELECT coalesce(obj_description('posts'::regclass, 'pg_class'), '')").rfind(kMarker, 0) == 0)
    throw SeedRefused(
        "an earlier `agora seed` was interrupted and left this database incomplete (content tables without "
        "their indexes); drop it, create it, run `agora migrate`, and seed again");
}

void check_empty(PgSession& db) {
  const auto found = db.query(
      "SELECT t FROM (VALUES ('communities', EXISTS (SELECT 1 FROM communities)), "
      "('posts', EXISTS (SELECT 1 FROM posts)), ('comments', EXISTS (SELECT 1 FROM comments)), "
      "('post_votes', EXISTS (SELECT 1 FROM post_votes)), "
      "('comment_votes', EXISTS (SELECT 1 FROM comment_votes))) AS x(t, present) WHERE present");
  if (!found.empty())
    throw SeedRefused("the database already has content (" + found[0][0].value_or("") +
                      "); seed an empty database (users may exist), e.g. a fresh one after `agora migrate`");
}

// Every seeded user signs in with the one password, so it must pass the
// sign-up rules for each of them (it may not contain a username).
void check_password(const World& w, const SeedOptions& o) {
  for (std::size_t i = 0; i < w.users.size(); ++i) {
    const auto name = username_of(w, o.random_seed, i);
    const auto why = accounts::check_password(o.password, name, email_of(name));
    if (!why.empty()) throw SeedUsageError("--password " + why + " (for seeded user " + name + ")");
  }
}

int jobs_for(const SeedOptions& o) {
  if (o.jobs > 0) return o.jobs;
  return std::clamp(int(std::thread::hardware_concurrency()), 2, 8);
}

// Index builds as parallel tasks (GIN first: they take longest), each
// ticking the progress bar when done.
std::vector<SeedTask> index_tasks(const DeferredSchema& d, const World& w, Progress& progress) {
  auto rows = [&](const std::string& table) -> double {
    if (table == "comments") return double(w.comments.size());
    if (table == "posts") return double(w.posts.size()) * 3;  // long bodies
    if (table == "post_votes") return double(w.post_votes.size()) * 0.3;
    if (table == "comment_votes") return double(w.comment_votes.size()) * 0.3;
    if (table == "subscriptions") return double(w.members.size() + w.posts.size()) * 0.3;
    return double(w.members.size()) * 0.3;
  };
  std::vector<SeedTask> tasks;
  for (const auto& index : d.indexes)
    tasks.push_back({index.name, rows(index.table) * (index.gin ? 5 : 1), [&index, &progress](PgSession& db) {
                       db.exec(index.create);
                       progress.advance(1);
                     }});
  return tasks;
}

// After a failure: remove every row the seed wrote (the content tables were
// empty and seeded users have ids from first_user), put back whatever index
// or key is missing, and clear the marker, in one transaction.
void undo(PgSession& db, const DeferredSchema& d, std::int64_t first_user, const std::string& saved_comment) {
  const auto first = std::to_string(first_user);
  db.exec("ROLLBACK");  // in case the failure left a transaction open; a warning otherwise
  db.exec("BEGIN");
  db.exec(
      "DELETE FROM comment_votes; DELETE FROM post_votes; DELETE FROM comments; DELETE FROM posts; "
      "DELETE FROM subscriptions WHERE user_id >= " +
      first +
      "; DELETE FROM community_members; "
      "DELETE FROM communities; DELETE FROM users WHERE id >= " +
      first);
  for (const auto* list : {&d.indexes, &d.foreign_keys})
    for (const auto& object : *list)
      if (db.scalar(object.exists) != "t") db.exec(object.create);
  db.exec("COMMENT ON TABLE posts IS " + saved_comment);
  db.exec("COMMIT");
}

}  // namespace

SeedSummary run_seed(const Config& config, const SeedOptions& o, Progress& progress) {
  const auto started = std::chrono::steady_clock::now();
  PgSession db(config.database_url);
  db.exec(kSetup);
  check_schema(db);
  if (db.scalar(std::string("SELECT pg_try_advisory_lock(") + kSeedLock + ")") != "t")
    throw SeedRefused("another `agora seed` is running on this database");
  check_empty(db);
  const auto first_user = std::stoll(db.scalar("SELECT coalesce(max(id), 0) + 1 FROM users"));

  progress.begin("plan", 0);
  const World world = build_world(o, first_user, now_us());
  check_password(world, o);
  const auto hash = accounts::hash_password(
      o.password, accounts::HashCost{static_cast<unsigned long long>(config.argon2_opslimit), config.argon2_memlimit});
  auto hot = hot_values(db, world);
  progress.end();

  // Set the indexes and keys aside in one short transaction that also
  // re-checks emptiness under a lock and leaves the marker.
  const auto saved_comment = db.scalar("SELECT quote_nullable(obj_description('posts'::regclass, 'pg_class'))");
  db.exec("BEGIN");
  db.exec(std::string("LOCK TABLE ") + kAllTables + " IN EXCLUSIVE MODE");
  check_empty(db);
  const DeferredSchema deferred = set_aside(db, std::vector<std::string>(kDeferred.begin(), kDeferred.end()));
  db.exec(std::string("COMMENT ON TABLE posts IS '") + kMarker +
          ": the content tables lack their indexes until it finishes; if no seed is running, recreate this "
          "database'");
  db.exec("COMMIT");

  const int jobs = jobs_for(o);
  std::atomic<bool> stop{false};
  LoadContext context{world, o.random_seed, hash, std::move(hot), progress, stop};
  std::int64_t total = 0;
  for (const auto& [table, rows] : table_rows(world)) total += rows;
  try {
    progress.begin("load", total);
    run_parallel(config.database_url, kSetup, jobs, load_tasks(context), stop);
    progress.end();

    progress.begin("indexes", std::int64_t(deferred.indexes.size()), "");
    run_parallel(config.database_url, kSetup, jobs, index_tasks(deferred, world, progress), stop);
    progress.end();

    // Statistics before the foreign keys, so their validating joins get
    // good plans; the app needs them afterwards anyway.
    std::vector<SeedTask> analyze;
    for (const auto& [table, rows] : table_rows(world)) {
      const std::string name = table;
      analyze.push_back({name, double(rows), [name](PgSession& s) { s.exec("ANALYZE " + name); }});
    }
    progress.begin("analyze", 0);
    run_parallel(config.database_url, kSetup, jobs, std::move(analyze), stop);
    progress.end();

    // Foreign keys one after another: adding one locks both tables it
    // joins, so they would queue behind each other anyway.
    progress.begin("foreign keys", std::int64_t(deferred.foreign_keys.size()), "");
    for (const auto& fk : deferred.foreign_keys) {
      db.exec(fk.create);
      progress.advance(1);
    }
    progress.end();

    // Identity sequences continue after the seeded ids, so the app's own
    // inserts do not collide with them.
    for (const char* table : {"users", "communities", "posts", "comments"})
      db.exec(std::string("SELECT setval(pg_get_serial_sequence('") + table +
              "', 'id'), coalesce(max(id), 0) + 1, false) FROM " + table);
    db.exec("COMMENT ON TABLE posts IS " + saved_comment);
  } catch (const std::exception& e) {
    stop = true;
    progress.end();
    progress.note("failed: " + std::string(e.what()) + "; removing what was written");
    try {
      undo(db, deferred, first_user, saved_comment);
    } catch (const std::exception& cleanup) {
      throw std::runtime_error(std::string(e.what()) + "; cleaning up also failed (" + cleanup.what() +
                               "): recreate this database");
    }
    throw;
  }

  SeedSummary s;
  s.rows = table_rows(world);
  s.seconds = since(started);
  return s;
}

}  // namespace agora::app::seeding
