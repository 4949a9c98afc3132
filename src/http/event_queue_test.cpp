#include "http/event_queue.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "support/run_task.hpp"

namespace agora::http {
namespace {
using std::chrono::milliseconds;
using test::run_task;

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
  boost::asio::io_context ioc;
  auto q = run_task(ioc, EventQueue::on_this_loop(2));
  q->post([q] { q->push("from elsewhere"); });
  EXPECT_EQ(run_task(ioc, q->pop(milliseconds(10'000))), "from elsewhere");
  q->post([q] { q->close(); });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(run_task(ioc, q->pop(milliseconds(10'000))), std::nullopt);
  EXPECT_TRUE(q->closed());
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(5000));
}

}  // namespace
}  // namespace agora::http
