#include "http/event_queue.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <thread>

#include "support/run_task.hpp"

namespace agora::http {
namespace {
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using test::run_task;
using Popped = std::future<std::optional<std::string>>;

// pop() started on `ioc` (not run yet). The coroutine only refers to the
// queue: the test's shared_ptr, declared after the io_context, keeps it
// alive and is released first, which ends a pop still waiting.
Task<std::optional<std::string>> pop_from(EventQueue& q, milliseconds timeout) { co_return co_await q.pop(timeout); }
Popped spawn_pop(boost::asio::io_context& ioc, const std::shared_ptr<EventQueue>& q, milliseconds timeout) {
  return boost::asio::co_spawn(ioc, pop_from(*q, timeout), boost::asio::use_future);
}

// Runs everything that is ready on `ioc` (this thread is its loop), then
// checks that the pop is suspended: not finished, and the loop still has
// work, i.e. the pop's pending wait.
::testing::AssertionResult runs_until_suspended(boost::asio::io_context& ioc, Popped& popped) {
  ioc.restart();
  ioc.poll();
  if (popped.wait_for(seconds(0)) == std::future_status::ready)
    return ::testing::AssertionFailure() << "pop() finished without waiting";
  if (ioc.stopped()) return ::testing::AssertionFailure() << "pop() is not waiting on the loop";
  return ::testing::AssertionSuccess();
}

// Runs `ioc` on this thread until `popped` is ready; false if that has not
// happened within `limit`.
bool run_until_ready(boost::asio::io_context& ioc, Popped& popped, milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  ioc.restart();
  while (popped.wait_for(seconds(0)) != std::future_status::ready) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline || ioc.stopped()) return false;
    ioc.run_one_for(deadline - now);
  }
  return true;
}

TEST(EventQueue, ItemsComeOutInOrderAndAnEmptyWaitTimesOut) {
  boost::asio::io_context ioc;
  auto q = run_task(ioc, EventQueue::on_this_loop(4));
  EXPECT_TRUE(q->push("a"));
  EXPECT_TRUE(q->push("b"));
  EXPECT_EQ(run_task(ioc, q->pop(milliseconds(0))), "a");
  EXPECT_EQ(run_task(ioc, q->pop(milliseconds(0))), "b");
  EXPECT_EQ(run_task(ioc, q->pop(milliseconds(20))), std::nullopt);
  EXPECT_FALSE(q->closed());
}

TEST(EventQueue, AFullQueueClosesInsteadOfGrowing) {
  boost::asio::io_context ioc;
  auto q = run_task(ioc, EventQueue::on_this_loop(2));
  EXPECT_TRUE(q->push("1"));
  EXPECT_TRUE(q->push("2"));
  EXPECT_FALSE(q->push("3"));
  EXPECT_TRUE(q->overflowed());
  EXPECT_TRUE(q->closed());
  EXPECT_EQ(run_task(ioc, q->pop(milliseconds(1000))), std::nullopt);
}

TEST(EventQueue, PostedWorkWakesAWaitingPop) {
  // The pop must already be asleep on the queue when the item arrives:
  // pushing first would let pop() return at once and never exercise the
  // wake-up. Its timeout is a minute, and the test allows it ten seconds,
  // so a pop that is not woken (and would return only at its deadline)
  // fails here instead of passing late.
  boost::asio::io_context ioc;
  auto q = run_task(ioc, EventQueue::on_this_loop(2));

  auto got = spawn_pop(ioc, q, minutes(1));
  ASSERT_TRUE(runs_until_suspended(ioc, got));
  // From another thread, as the live hub does.
  std::thread([q] { q->post([q] { q->push("from elsewhere"); }); }).join();
  ASSERT_TRUE(run_until_ready(ioc, got, seconds(10))) << "the waiting pop was not woken by the push";
  EXPECT_EQ(got.get(), "from elsewhere");

  auto ended = spawn_pop(ioc, q, minutes(1));
  ASSERT_TRUE(runs_until_suspended(ioc, ended));
  std::thread([q] { q->post([q] { q->close(); }); }).join();
  ASSERT_TRUE(run_until_ready(ioc, ended, seconds(10))) << "the waiting pop was not woken by close()";
  EXPECT_EQ(ended.get(), std::nullopt);
  EXPECT_TRUE(q->closed());
}

}  // namespace
}  // namespace agora::http
