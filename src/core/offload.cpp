#include "core/offload.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace agora {

struct BlockingPool::Impl {
  explicit Impl(int threads) : pool(std::size_t(threads)) {}
  boost::asio::thread_pool pool;
};

BlockingPool::BlockingPool(int threads) : impl_(std::make_unique<Impl>(threads)) {}

BlockingPool::~BlockingPool() { impl_->pool.join(); }

Task<void> BlockingPool::run(std::function<void()> work) {
  auto home = co_await boost::asio::this_coro::executor;
  co_await boost::asio::post(impl_->pool.get_executor(), boost::asio::use_awaitable);
  std::exception_ptr failure;
  try {
    work();
  } catch (...) {
    failure = std::current_exception();
  }
  co_await boost::asio::post(home, boost::asio::use_awaitable);
  if (failure) std::rethrow_exception(failure);
}

}  // namespace agora
