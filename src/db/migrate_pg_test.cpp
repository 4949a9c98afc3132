// Migrations against real PostgreSQL: concurrent runners, re-runs, edited
// migrations, and the pgvector extension they rely on.
#include "db/migrate.hpp"

#include <gtest/gtest.h>

#include <libpq-fe.h>

#include <boost/asio/io_context.hpp>
#include <future>
#include <thread>

#include "core/crypto.hpp"
#include "db/standalone.hpp"
#include "support/pg_cluster.hpp"
#include "support/run_task.hpp"

namespace agora::test {
namespace {

Config config_for(const TestDatabase& db) {
  Config c;
  c.database_url = db.url();
  return c;
}

db::MigrateReport migrate(const Config& config) {
  db::MigrateReport report;
  db::with_pool(config,
                [&](db::Pool& pool) -> Task<void> { report = co_await db::migrate(pool, db::embedded_migrations()); });
  return report;
}

TEST(Migrate, EmbeddedMigrationsAreOrderedAndNamed) {
  const auto& all = db::embedded_migrations();
  ASSERT_GE(all.size(), 2u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version.size(), 4u) << all[i].version;
    EXPECT_FALSE(all[i].name.empty());
    EXPECT_FALSE(all[i].sql.empty());
    if (i) {
      EXPECT_LT(all[i - 1].version, all[i].version);
    }
  }
}

TEST(Migrate, ConcurrentRunnersApplyEachMigrationExactlyOnce) {
  TestDatabase db(TestDatabase::Empty{});
  const auto config = config_for(db);
  const auto& all = db::embedded_migrations();
  constexpr int kRunners = 6;
  std::vector<db::MigrateReport> reports(kRunners);
  std::vector<std::string> errors(kRunners);
  std::vector<std::thread> threads;
  threads.reserve(kRunners);
  for (int i = 0; i < kRunners; ++i)
    threads.emplace_back([&, i] {
      try {
        reports[std::size_t(i)] = migrate(config);
      } catch (const std::exception& e) {
        errors[std::size_t(i)] = e.what();
      }
    });
  for (auto& t : threads) t.join();

  std::map<std::string, int> applied;
  for (int i = 0; i < kRunners; ++i) {
    EXPECT_EQ(errors[std::size_t(i)], "") << "runner " << i;
    EXPECT_EQ(reports[std::size_t(i)].current, all.back().version) << "runner " << i;
    for (const auto& v : reports[std::size_t(i)].applied) ++applied[v];
  }
  ASSERT_EQ(applied.size(), all.size());
  for (const auto& m : all) EXPECT_EQ(applied[m.version], 1) << "migration " << m.version;

  EXPECT_EQ(db.count("schema_migrations"), std::int64_t(all.size()));
  for (const auto& m : all) {
    auto rows = db.query("SELECT name, checksum FROM schema_migrations WHERE version = " + sql_literal(m.version));
    ASSERT_EQ(rows.size(), 1u) << m.version;
    EXPECT_EQ(rows[0][0], m.name);
    EXPECT_EQ(rows[0][1], crypto::sha256_hex(m.sql));
  }
  // The schema is there and owned by the app role.
  EXPECT_EQ(db.scalar("SELECT tableowner FROM pg_tables WHERE tablename = 'users'"), "agora");
}

TEST(Migrate, ARerunIsANoOp) {
  TestDatabase db;  // migrated template copy
  const auto before = db.query("SELECT version, checksum, applied_at::text FROM schema_migrations ORDER BY version");
  auto report = migrate(config_for(db));
  EXPECT_TRUE(report.applied.empty());
  EXPECT_EQ(report.current, db::embedded_migrations().back().version);
  EXPECT_EQ(db.query("SELECT version, checksum, applied_at::text FROM schema_migrations ORDER BY version"), before);
}

TEST(Migrate, AnEditedAppliedMigrationStopsTheRun) {
  TestDatabase db;
  const auto& first = db::embedded_migrations().front();
  db.exec("UPDATE schema_migrations SET checksum = 'x' WHERE version = " + sql_literal(first.version));
  try {
    migrate(config_for(db));
    FAIL() << "migrate accepted a changed migration";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(first.version + "_" + first.name), std::string::npos) << what;
    EXPECT_NE(what.find("changed after it was applied"), std::string::npos) << what;
  }
  EXPECT_EQ(db.scalar("SELECT checksum FROM schema_migrations WHERE version = " + sql_literal(first.version)), "x");
}

TEST(Migrate, AppliedVersionOfAnEmptyDatabaseIsEmpty) {
  TestDatabase db(TestDatabase::Empty{});
  std::string version = "unset";
  db::with_pool(config_for(db), [&](db::Pool& pool) -> Task<void> { version = co_await db::applied_version(pool); });
  EXPECT_EQ(version, "");
}

// Migrators of `db` blocked on the migration lock (granted = false), as
// PostgreSQL reports them.
int waiting_for_migration_lock(const TestDatabase& db) {
  return std::stoi(
      db.scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = 4242001 "
                "AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
}

// Polls `done` every 10 ms for at most `limit`.
template <class F>
bool eventually(std::chrono::milliseconds limit, F done) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

TEST(Migrate, WaitsForAnotherRunnerHoldingTheLockLongerThanTheStatementTimeout) {
  // Replicas starting together: one applies (a long migration, say an index
  // build), the others must wait for it: apply nothing meanwhile, and not
  // give up on statement_timeout or on the client-side deadline (statement
  // timeout + 2 s) that ordinary queries have. An empty database, so the
  // waiting migrator has everything still to do.
  TestDatabase db(TestDatabase::Empty{});
  auto config = config_for(db);
  config.db_statement_timeout = std::chrono::milliseconds(200);
  const auto& all = db::embedded_migrations();

  // The other runner: the lock, held in an open transaction.
  std::unique_ptr<PGconn, void (*)(PGconn*)> holder(PQconnectdb(PgCluster::get().admin_url(db.name()).c_str()),
                                                    PQfinish);
  ASSERT_EQ(PQstatus(holder.get()), CONNECTION_OK);
  PQclear(PQexec(holder.get(), "BEGIN"));
  PGresult* r = PQexec(holder.get(), "SELECT pg_advisory_xact_lock(4242001)");
  ASSERT_EQ(PQresultStatus(r), PGRES_TUPLES_OK);
  PQclear(r);

  auto runner = std::async(std::launch::async, [&config] { return migrate(config); });
  // Whatever happens below, the lock is released before `runner` is waited
  // for (its destructor blocks), so a failing test cannot hang.
  struct Release {
    std::unique_ptr<PGconn, void (*)(PGconn*)>& holder;
    ~Release() { holder.reset(); }
  } release_at_exit{holder};

  ASSERT_TRUE(eventually(std::chrono::seconds(10), [&] { return waiting_for_migration_lock(db) == 1; }))
      << "the migrator never waited for the lock held by another runner";
  // Nothing to await here: what is tested is that time passes (beyond both
  // timeouts) without the migrator giving up.
  std::this_thread::sleep_for(config.db_statement_timeout + std::chrono::seconds(2) + std::chrono::milliseconds(300));
  EXPECT_EQ(runner.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
      << "the migrator finished or failed while the lock was held";
  EXPECT_EQ(waiting_for_migration_lock(db), 1);
  EXPECT_EQ(db.scalar("SELECT to_regclass('schema_migrations') IS NULL"), "t") << "applied under another's lock";

  PQclear(PQexec(holder.get(), "COMMIT"));
  ASSERT_EQ(runner.wait_for(std::chrono::seconds(60)), std::future_status::ready)
      << "the migrator did not finish after the lock was released";
  db::MigrateReport report;
  try {
    report = runner.get();
  } catch (const std::exception& e) {
    FAIL() << "the waiting migrator failed: " << e.what();
  }
  EXPECT_EQ(report.applied.size(), all.size());
  EXPECT_EQ(report.current, all.back().version);
  EXPECT_EQ(db.count("schema_migrations"), std::int64_t(all.size()));
}

TEST(Migrate, PgvectorIsInstalledAndHnswIndexesWork) {
  TestDatabase db;
  EXPECT_EQ(db.scalar("SELECT count(*) FROM pg_extension WHERE extname = 'vector'"), "1");
  // As the app role, through the app's own pool.
  Config config = config_for(db);
  std::string nearest;
  db::with_pool(config, [&](db::Pool& pool) -> Task<void> {
    co_await pool.query("CREATE TABLE probe_vectors (id bigint PRIMARY KEY, v vector(3) NOT NULL)");
    co_await pool.query("INSERT INTO probe_vectors VALUES (1, '[1,0,0]'), (2, '[0,1,0]'), (3, '[0,0,1]')");
    co_await pool.query("CREATE INDEX probe_vectors_v_idx ON probe_vectors USING hnsw (v vector_cosine_ops)");
    auto r = co_await pool.query("SELECT id FROM probe_vectors ORDER BY v <=> $1::vector LIMIT 1",
                                 db::Params("[0.1,0.9,0.05]"));
    nearest = r.string(0, 0);
  });
  EXPECT_EQ(nearest, "2");
  EXPECT_EQ(db.scalar("SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam "
                      "WHERE c.relname = 'probe_vectors_v_idx'"),
            "hnsw");
  EXPECT_EQ(db.scalar("SELECT tableowner FROM pg_tables WHERE tablename = 'probe_vectors'"), "agora");
}

}  // namespace
}  // namespace agora::test
