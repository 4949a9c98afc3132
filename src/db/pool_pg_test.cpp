// The async libpq pool against real PostgreSQL: transactions, errors,
// exhaustion, unreachable servers, and a server restart.
#include "db/pool.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <thread>

#include "support/elapsed.hpp"
#include "support/pg_cluster.hpp"
#include "support/run_task.hpp"

namespace agora::test {
namespace {
namespace asio = boost::asio;
using std::chrono::milliseconds;

// For co_spawn: the arguments live in the coroutine frame (Pool::query takes
// references, which must outlive a coroutine that runs later).
Task<db::Result> query_later(db::Pool& pool, std::string sql) { co_return co_await pool.query(sql); }

class PoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.exec("CREATE TABLE items (id int PRIMARY KEY, name text CONSTRAINT items_name_key UNIQUE)");
    db_.exec("GRANT ALL ON items TO agora");
  }
  db::PoolOptions options(int size = 2) {
    db::PoolOptions o;
    o.conninfo = db_.url();
    o.max_size = size;
    o.acquire_timeout = milliseconds(2000);
    o.connect_timeout = milliseconds(3000);
    o.statement_timeout = milliseconds(5000);
    return o;
  }
  template <class T>
  T run(Task<T> t) {
    return run_task(ioc_, std::move(t));
  }
  std::string scalar(db::Pool& pool, const std::string& sql) {
    return run([&]() -> Task<std::string> { co_return (co_await pool.query(sql)).string(0, 0); }());
  }

  TestDatabase db_;
  asio::io_context ioc_;
};

TEST_F(PoolTest, ParametersAndResultsRoundTrip) {
  db::Pool pool(ioc_, options());
  auto r = run(pool.query("SELECT $1::text, $2::bigint, $3::bool, $4::text IS NULL, $5::text",
                          db::Params(std::string("caf\xc3\xa9 'quoted' \"x\""), std::int64_t(-9007199254740993), true,
                                     std::nullopt, std::string("; DROP TABLE items; --"))));
  ASSERT_EQ(r.rows(), 1);
  EXPECT_EQ(r.string(0, 0), "caf\xc3\xa9 'quoted' \"x\"");
  EXPECT_EQ(r.int64(0, 1), -9007199254740993);
  EXPECT_TRUE(r.boolean(0, 2));
  EXPECT_TRUE(r.boolean(0, 3));
  EXPECT_EQ(r.string(0, 4), "; DROP TABLE items; --");
  EXPECT_EQ(db_.count("items"), 0);
}

TEST_F(PoolTest, CommittedTransactionsAreVisible) {
  db::Pool pool(ioc_, options());
  run([&]() -> Task<void> {
    auto tx = co_await pool.begin();
    co_await tx.query("INSERT INTO items VALUES (1, 'one')");
    co_await tx.query("INSERT INTO items VALUES (2, 'two')");
    co_await tx.commit();
  }());
  EXPECT_EQ(db_.count("items"), 2);
  EXPECT_THROW(run([&]() -> Task<void> {
                 auto tx = co_await pool.begin();
                 co_await tx.commit();
                 co_await tx.query("SELECT 1");  // finished transactions cannot be used
               }()),
               std::logic_error);
}

TEST_F(PoolTest, AnExceptionBeforeCommitRollsBackAndTheConnectionIsReusedClean) {
  db::Pool pool(ioc_, options(1));
  const std::string pid = scalar(pool, "SELECT pg_backend_pid()::text");
  EXPECT_THROW(run([&]() -> Task<void> {
                 auto tx = co_await pool.begin();
                 co_await tx.query("INSERT INTO items VALUES (1, 'one')");
                 throw std::runtime_error("handler failed");
               }()),
               std::runtime_error);
  EXPECT_EQ(db_.count("items"), 0);
  // The same connection again (pool of one), outside any transaction: it
  // would see its own uncommitted row if the old transaction were still open.
  EXPECT_EQ(scalar(pool, "SELECT pg_backend_pid()::text"), pid);
  EXPECT_EQ(scalar(pool, "SELECT count(*)::text FROM items"), "0");
  EXPECT_EQ(db_.scalar("SELECT state FROM pg_stat_activity WHERE pid = " + pid), "idle");
  // And a new transaction on it commits normally.
  run([&]() -> Task<void> {
    auto tx = co_await pool.begin();
    co_await tx.query("INSERT INTO items VALUES (2, 'two')");
    co_await tx.commit();
  }());
  EXPECT_EQ(db_.count("items"), 1);
  EXPECT_EQ(pool.stats().open, 1);
}

TEST_F(PoolTest, AnSqlErrorInsideATransactionRollsItBack) {
  db::Pool pool(ioc_, options(1));
  EXPECT_THROW(run([&]() -> Task<void> {
                 auto tx = co_await pool.begin();
                 co_await tx.query("INSERT INTO items VALUES (1, 'one')");
                 co_await tx.query("INSERT INTO items VALUES (1, 'again')");
                 co_await tx.commit();
               }()),
               db::QueryError);
  EXPECT_EQ(db_.count("items"), 0);
  run(pool.query("INSERT INTO items VALUES (1, 'one')"));
  EXPECT_EQ(db_.count("items"), 1);
}

TEST_F(PoolTest, UniqueViolationsCarrySqlstateAndConstraint) {
  db::Pool pool(ioc_, options());
  run(pool.query("INSERT INTO items VALUES (1, 'one')"));
  try {
    run(pool.query("INSERT INTO items VALUES (2, 'one')"));
    FAIL() << "duplicate accepted";
  } catch (const db::QueryError& e) {
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_EQ(e.constraint(), "items_name_key");
    EXPECT_TRUE(e.unique_violation());
  }
  try {
    run(pool.query("INSERT INTO items VALUES (1, 'other')"));
    FAIL() << "duplicate accepted";
  } catch (const db::QueryError& e) {
    EXPECT_EQ(e.constraint(), "items_pkey");
  }
  // Other SQL errors are QueryErrors too, not outages, and the pool goes on.
  try {
    run(pool.query("SELEKT 1"));
    FAIL();
  } catch (const db::QueryError& e) {
    EXPECT_EQ(e.sqlstate(), "42601");
    EXPECT_FALSE(e.unique_violation());
  }
  EXPECT_EQ(scalar(pool, "SELECT 'still fine'"), "still fine");
}

TEST_F(PoolTest, AnExhaustedPoolAnswersUnavailableAfterTheAcquireTimeout) {
  auto o = options(1);
  o.acquire_timeout = milliseconds(200);
  db::Pool pool(ioc_, o);
  scalar(pool, "SELECT 1");  // connected
  auto slow = asio::co_spawn(ioc_, query_later(pool, "SELECT pg_sleep(1)"), asio::use_future);
  milliseconds waited{};
  // Named: the closure must outlive the coroutine, which runs below.
  auto second_query = [&]() -> Task<std::string> {
    asio::steady_timer t(ioc_, milliseconds(20));  // let the slow query take the connection
    co_await t.async_wait(asio::use_awaitable);
    const auto started = Clock::now();
    try {
      co_await pool.query("SELECT 1");
    } catch (const Unavailable& e) {
      waited = since(started);
      co_return e.what();
    }
    co_return "";
  };
  auto blocked = asio::co_spawn(ioc_, second_query(), asio::use_future);
  ioc_.restart();
  ioc_.run();
  EXPECT_NE(blocked.get(), "") << "no Unavailable while the only connection was busy";
  EXPECT_GE(waited.count(), 150);
  EXPECT_LT(waited.count(), 900);
  EXPECT_NO_THROW(slow.get());
  EXPECT_EQ(scalar(pool, "SELECT 'free again'"), "free again");
}

TEST_F(PoolTest, AReleasedConnectionGoesToTheNextWaiter) {
  db::Pool pool(ioc_, options(1));
  std::vector<std::future<db::Result>> results;
  results.reserve(5);
  for (int i = 0; i < 5; ++i)
    results.push_back(asio::co_spawn(ioc_, query_later(pool, "SELECT pg_sleep(0.05)"), asio::use_future));
  ioc_.restart();
  ioc_.run();
  for (auto& r : results) EXPECT_NO_THROW(r.get());
  EXPECT_EQ(pool.stats().open, 1);
  EXPECT_EQ(pool.stats().waiting, 0);
}

TEST_F(PoolTest, StatementTimeoutIsUnavailableAndThePoolRecovers) {
  auto o = options(1);
  o.statement_timeout = milliseconds(200);
  db::Pool pool(ioc_, o);
  const auto started = Clock::now();
  EXPECT_THROW(run(pool.query("SELECT pg_sleep(3)")), Unavailable);
  EXPECT_LT(since(started).count(), 2000);
  EXPECT_EQ(scalar(pool, "SELECT 'after timeout'"), "after timeout");
}

TEST(PoolUnreachable, ABadSocketPathIsUnavailableQuickly) {
  asio::io_context ioc;
  db::PoolOptions o;
  o.conninfo = "host=/nonexistent/agora-test-socket port=5432 dbname=nothing user=agora";
  o.max_size = 2;
  db::Pool pool(ioc, o);
  for (int i = 0; i < 3; ++i) {
    const auto started = Clock::now();
    EXPECT_THROW(run_task(ioc, pool.query("SELECT 1")), Unavailable);
    EXPECT_LT(since(started).count(), 1000) << "attempt " << i;
  }
  EXPECT_EQ(pool.stats().open, 0);
}

TEST(PoolUnreachable, ANonexistentDatabaseIsUnavailable) {
  asio::io_context ioc;
  db::PoolOptions o;
  o.conninfo = PgCluster::get().app_url("no_such_database_here");
  db::Pool pool(ioc, o);
  const auto started = Clock::now();
  EXPECT_THROW(run_task(ioc, pool.query("SELECT 1")), Unavailable);
  EXPECT_LT(since(started).count(), 1000);
}

// Stops and restarts the shared cluster: later tests find it running again
// (and the harness restarts it if this test fails half-way).
TEST(PoolRestart, QueriesFailFastWhileTheServerIsDownAndRecoverAfterwards) {
  TestDatabase db;
  asio::io_context ioc;
  db::PoolOptions o;
  o.conninfo = db.url();
  o.max_size = 2;
  o.acquire_timeout = milliseconds(1000);
  o.connect_timeout = milliseconds(1000);
  db::Pool pool(ioc, o);
  auto one = [&]() -> Task<std::string> { co_return (co_await pool.query("SELECT 'up'")).string(0, 0); };
  ASSERT_EQ(run_task(ioc, one()), "up");

  auto& cluster = PgCluster::get();
  cluster.stop();
  for (int i = 0; i < 3; ++i) {
    const auto started = Clock::now();
    EXPECT_THROW(run_task(ioc, one()), Unavailable) << "attempt " << i;
    EXPECT_LT(since(started).count(), 1000) << "attempt " << i;
  }
  EXPECT_EQ(pool.stats().open, 0);

  cluster.start();
  const auto restarted = Clock::now();
  std::string got;
  while (got.empty() && since(restarted) < std::chrono::seconds(10)) {
    try {
      got = run_task(ioc, one());
    } catch (const Unavailable&) {
      std::this_thread::sleep_for(milliseconds(100));
    }
  }
  EXPECT_EQ(got, "up");
  EXPECT_LT(since(restarted).count(), 3000) << "the pool took long to reconnect";
  EXPECT_EQ(pool.stats().open, 1);
}

}  // namespace
}  // namespace agora::test
