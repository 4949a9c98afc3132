#include "core/offload.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>
#include <thread>

namespace asio = boost::asio;
using agora::BlockingPool;
using agora::Task;
using namespace std::chrono_literals;

// The point of the pool: blocking work leaves the event loop free. A timer
// due in 20 ms must fire while the work blocks for 300 ms.
TEST(BlockingPool, WorkRunsOffTheEventLoopWhichKeepsServing) {
  asio::io_context io;
  BlockingPool pool(1);
  const auto loop_thread = std::this_thread::get_id();
  std::thread::id work_thread, resumed_thread;
  std::atomic<bool> timer_fired_during_work{false};
  std::atomic<bool> working{false};
  asio::co_spawn(
      io,
      [&]() -> Task<void> {
        std::function<void()> work = [&] {
          work_thread = std::this_thread::get_id();
          working = true;
          std::this_thread::sleep_for(300ms);
          working = false;
        };
        co_await pool.run(std::move(work));
        resumed_thread = std::this_thread::get_id();
      },
      asio::detached);
  asio::co_spawn(
      io,
      [&]() -> Task<void> {
        asio::steady_timer t(co_await asio::this_coro::executor, 20ms);
        co_await t.async_wait(asio::use_awaitable);
        for (int i = 0; i < 100 && !working; ++i) {
          t.expires_after(5ms);
          co_await t.async_wait(asio::use_awaitable);
        }
        timer_fired_during_work = working.load();
      },
      asio::detached);
  io.run();
  EXPECT_NE(work_thread, loop_thread) << "the work ran on the event loop";
  EXPECT_EQ(resumed_thread, loop_thread) << "the caller did not resume on its own executor";
  EXPECT_TRUE(timer_fired_during_work) << "the event loop was blocked by the work";
}

TEST(BlockingPool, AnExceptionOfTheWorkIsRethrownInTheCaller) {
  asio::io_context io;
  BlockingPool pool(2);
  std::string caught;
  asio::co_spawn(
      io,
      [&]() -> Task<void> {
        std::function<void()> work = [] { throw std::runtime_error("disk full"); };
        try {
          co_await pool.run(std::move(work));
        } catch (const std::runtime_error& e) {
          caught = e.what();
        }
      },
      asio::detached);
  io.run();
  EXPECT_EQ(caught, "disk full");
}
