#include "core/offload.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace agora {
namespace asio = boost::asio;

struct BlockingPool::Impl {
  explicit Impl(int threads) : pool(std::size_t(threads)) {}
  asio::thread_pool pool;
};

BlockingPool::BlockingPool(int threads) : impl_(std::make_unique<Impl>(threads)) {}

BlockingPool::~BlockingPool() { impl_->pool.join(); }

// Not `co_await post(pool, use_awaitable)`: an awaitable always resumes on its
// own executor, so that form would run `work` on the caller's event loop. The
// work is posted to the pool as a plain function; only its completion goes
// back to the caller, whose executor a work guard keeps alive meanwhile.
Task<void> BlockingPool::run(std::function<void()> work) {
  auto initiate = [this, &work](auto handler) {
    auto home = asio::get_associated_executor(handler);
    asio::post(impl_->pool,
               [work = std::move(work), handler = std::move(handler), guard = asio::make_work_guard(home)]() mutable {
                 std::exception_ptr failure;
                 try {
                   work();
                 } catch (...) {
                   failure = std::current_exception();
                 }
                 auto to = guard.get_executor();
                 asio::post(to, [handler = std::move(handler), failure]() mutable { std::move(handler)(failure); });
               });
  };
  // A completion of void(exception_ptr) rethrows a failure in the caller.
  co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(initiate, asio::use_awaitable);
}

}  // namespace agora
