// The Postgres queue against real PostgreSQL: the outbox is transactional,
// claims never overlap, a lost lease cannot complete, failures back off and
// dead-letter with their error, redrive revives them, NOTIFY wakes an idle
// worker, and a schedule runs once however many workers try.
#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <set>

#include "app/job_handlers.hpp"
#include "db/pool.hpp"
#include "jobs/enqueue.hpp"
#include "jobs/pg_queue.hpp"
#include "jobs/schedule.hpp"
#include "jobs/worker.hpp"
#include "support/elapsed.hpp"
#include "support/pg_cluster.hpp"
#include "support/run_task.hpp"

namespace agora::test {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;

class JobQueue : public ::testing::Test {
 protected:
  db::PoolOptions options() {
    db::PoolOptions o;
    o.conninfo = db_.url();
    o.max_size = 8;
    return o;
  }
  template <class T>
  T run(Task<T> t) {
    return run_task(ioc_, std::move(t));
  }
  std::int64_t count(const std::string& where) {
    return std::stoll(db_.scalar("SELECT count(*) FROM jobs WHERE " + where));
  }
  jobs::NewJob touch(const std::string& payload = "{}") {
    return jobs::NewJob{.kind = "diagnostics.touch", .payload = payload};
  }

  TestDatabase db_;
  asio::io_context ioc_;
  db::Pool pool_{ioc_, options()};
  Config config_;
  app::JobHandlers handlers_{config_};
  const jobs::Registry& registry_ = handlers_.registry();
};

TEST_F(JobQueue, AJobExistsExactlyWhenItsTransactionCommitted) {
  const auto job = touch();
  run([&]() -> Task<void> {
    {
      auto tx = co_await pool_.begin();
      co_await jobs::enqueue(tx, job);
      // destroyed without commit: rolled back
    }
    auto tx = co_await pool_.begin();
    const auto id = co_await jobs::enqueue(tx, job);
    EXPECT_TRUE(id.has_value());
    co_await tx.commit();
  }());
  EXPECT_EQ(count("true"), 1);
  EXPECT_EQ(count("state = 'ready' AND queue = 'jobs'"), 1);
}

TEST_F(JobQueue, AnIdempotencyKeyMakesASecondEnqueueANoOp) {
  auto job = touch();
  job.idempotency_key = "once";
  const auto [first, second] = run([&]() -> Task<std::pair<bool, bool>> {
    const auto a = co_await jobs::enqueue(pool_, job);
    const auto b = co_await jobs::enqueue(pool_, job);
    co_return std::pair{a.has_value(), b.has_value()};
  }());
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  EXPECT_EQ(count("true"), 1);
}

TEST_F(JobQueue, ConcurrentClaimsNeverShareAJob) {
  for (int i = 0; i < 40; ++i) db_.exec("INSERT INTO jobs (queue, kind) VALUES ('jobs', 'diagnostics.touch')");
  std::vector<std::vector<jobs::Job>> claims(4);
  run([&]() -> Task<void> {
    // Four claims in flight at once on four connections.
    std::vector<std::future<std::vector<jobs::Job>>> futures;
    futures.reserve(4);
    for (int i = 0; i < 4; ++i)
      futures.push_back(asio::co_spawn(ioc_, jobs::claim(pool_, 15, "w" + std::to_string(i), 30s), asio::use_future));
    asio::steady_timer t(ioc_, 500ms);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    for (int i = 0; i < 4; ++i) claims[std::size_t(i)] = futures[std::size_t(i)].get();
  }());
  std::set<std::int64_t> seen;
  std::size_t total = 0;
  for (const auto& c : claims) {
    total += c.size();
    for (const auto& j : c) EXPECT_TRUE(seen.insert(j.id).second) << "job " << j.id << " claimed twice";
  }
  EXPECT_EQ(total, 40u);
  EXPECT_EQ(count("state = 'running' AND attempts = 1"), 40);
}

TEST_F(JobQueue, AWorkerWhoseLeaseExpiredCannotCompleteItsJob) {
  run(jobs::enqueue(pool_, touch()));
  auto first = run(jobs::claim(pool_, 1, "stalled", 30s));
  ASSERT_EQ(first.size(), 1u);
  db_.exec("UPDATE jobs SET lease_until = now() - interval '1 second'");  // the stalled worker's lease runs out
  const auto reaped = run(jobs::reap_expired(pool_, 8));
  EXPECT_EQ(reaped.ready, 1);
  auto second = run(jobs::claim(pool_, 1, "healthy", 30s));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].attempt, 2);
  EXPECT_THROW(run([&]() -> Task<void> {
                 auto tx = co_await pool_.begin();
                 co_await jobs::complete(tx, first[0]);
               }()),
               jobs::LeaseLost);
  EXPECT_FALSE(run(jobs::heartbeat(pool_, first[0], 30s))) << "the stalled worker learns it lost the job";
  run([&]() -> Task<void> {
    auto tx = co_await pool_.begin();
    co_await jobs::complete(tx, second[0]);
    co_await tx.commit();
  }());
  EXPECT_EQ(count("state = 'done' AND lease_token IS NULL"), 1);
}

TEST_F(JobQueue, PoisonJobsBackOffThenDeadLetterWithTheirErrorAndRedriveBringsThemBack) {
  auto poison = touch(R"({"fail":true})");
  poison.max_attempts = 3;
  const auto id = *run(jobs::enqueue(pool_, poison));
  jobs::WorkerOptions o;
  o.retry_base = 1ms;
  jobs::Worker worker(pool_, registry_, o);
  int runs = 0;
  for (int round = 0; round < 50 && count("state = 'dead'") == 0; ++round) {
    runs += run(worker.drain());
    std::this_thread::sleep_for(10ms);  // the backoff (at most 1, 2, 4 ms)
  }
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(count("state = 'dead' AND attempts = 3 AND last_error LIKE '%asked to fail (attempt 3)%'"), 1);
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM job_diagnostics"), "0") << "a failed run's effects roll back";
  // Redrive: ready again with fresh attempts.
  EXPECT_EQ(run(jobs::retry_dead(pool_, std::nullopt)), 1);
  EXPECT_EQ(count("state = 'ready' AND attempts = 0 AND id = " + std::to_string(id)), 1);
}

TEST_F(JobQueue, AnUnknownKindOrMalformedPayloadIsDeadAtOnce) {
  run(jobs::enqueue(pool_, jobs::NewJob{.kind = "no.such.kind"}));
  run(jobs::enqueue(pool_, jobs::NewJob{.kind = "email.verify", .payload = R"({"user_id":"x"})"}));
  jobs::Worker worker(pool_, registry_, {});
  EXPECT_EQ(run(worker.drain()), 2);
  EXPECT_EQ(count("state = 'dead' AND attempts = 1"), 2);
  EXPECT_EQ(count("last_error LIKE 'no handler for job kind no.such.kind'"), 1);
}

TEST_F(JobQueue, ANotificationWakesAnIdleWorkerAtOnce) {
  jobs::WorkerOptions o;
  o.poll = 30s;  // without the NOTIFY it would sleep this long
  o.conninfo = db_.url();
  jobs::Worker worker(pool_, registry_, o);
  double seconds = -1;
  run([&]() -> Task<void> {
    asio::co_spawn(ioc_, worker.run(), asio::detached);
    asio::steady_timer settle(ioc_, 500ms);  // the worker is listening and asleep
    co_await settle.async_wait(asio::as_tuple(asio::use_awaitable));
    const auto start = std::chrono::steady_clock::now();
    const auto job = touch();
    co_await jobs::enqueue(pool_, job);
    while (std::stoll((co_await pool_.query("SELECT count(*) FROM job_diagnostics")).string(0, 0)) == 0 &&
           std::chrono::steady_clock::now() - start < 10s) {
      asio::steady_timer t(ioc_, 5ms);
      co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    worker.stop();
    co_await worker.finish(std::chrono::steady_clock::now() + 2s);
  }());
  EXPECT_GE(seconds, 0);
  EXPECT_LT(seconds, 2.0) << "the job waited for the poll, not the notification";
  EXPECT_EQ(count("state = 'done'"), 1);
}

TEST_F(JobQueue, ADueScheduleRunsOnceHoweverManyWorkersTry) {
  const std::vector<jobs::Schedule> list = {{"housekeeping", jobs::Schedule::Every::minutes, 10}};
  run(jobs::enqueue_due(pool_, list));  // first sight: records the next run, enqueues nothing
  EXPECT_EQ(count("true"), 0);
  db_.exec("UPDATE job_schedules SET next_run_at = now() - interval '1 second'");
  const int enqueued = run([&]() -> Task<int> {
    std::vector<std::future<int>> tries;
    tries.reserve(5);
    for (int i = 0; i < 5; ++i) tries.push_back(asio::co_spawn(ioc_, jobs::enqueue_due(pool_, list), asio::use_future));
    asio::steady_timer t(ioc_, 500ms);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    int n = 0;
    for (auto& f : tries) n += f.get();
    co_return n;
  }());
  EXPECT_EQ(enqueued, 1);
  EXPECT_EQ(count("kind = 'schedule.housekeeping'"), 1);
  EXPECT_EQ(db_.scalar("SELECT next_run_at > now() FROM job_schedules"), "t");
  jobs::Worker worker(pool_, registry_, {});
  EXPECT_EQ(run(worker.drain()), 1);
  EXPECT_EQ(count("kind = 'schedule.housekeeping' AND state = 'done'"), 1);
}

}  // namespace
}  // namespace agora::test
