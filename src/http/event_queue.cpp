#include "http/event_queue.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>

namespace agora::http {
namespace asio = boost::asio;

struct EventQueue::Impl {
  Impl(const asio::any_io_executor& ex, std::size_t cap) : executor(ex), wakeup(ex), capacity(cap) {}
  asio::any_io_executor executor;
  asio::steady_timer wakeup;  // the waiting pop() sleeps on it; push() and close() cancel it
  std::deque<std::string> items;
  std::size_t capacity;
  bool closed = false;
  bool overflowed = false;
};

EventQueue::EventQueue(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventQueue::~EventQueue() = default;

Task<std::shared_ptr<EventQueue>> EventQueue::on_this_loop(std::size_t capacity) {
  auto ex = co_await asio::this_coro::executor;
  co_return std::shared_ptr<EventQueue>(new EventQueue(std::make_unique<Impl>(ex, capacity)));
}

void EventQueue::post(std::function<void()> fn) { asio::post(impl_->executor, std::move(fn)); }

bool EventQueue::push(std::string item) {
  auto& q = *impl_;
  if (q.closed) return false;
  if (q.items.size() >= q.capacity) {
    q.overflowed = true;
    close();
    return false;
  }
  q.items.push_back(std::move(item));
  q.wakeup.cancel();
  return true;
}

void EventQueue::close() {
  impl_->closed = true;
  impl_->items.clear();
  impl_->wakeup.cancel();
}

bool EventQueue::closed() const { return impl_->closed; }
bool EventQueue::overflowed() const { return impl_->overflowed; }

Task<std::optional<std::string>> EventQueue::pop(std::chrono::milliseconds timeout) {
  auto& q = *impl_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (q.closed) co_return std::nullopt;
    if (!q.items.empty()) {
      auto item = std::move(q.items.front());
      q.items.pop_front();
      co_return item;
    }
    if (std::chrono::steady_clock::now() >= deadline) co_return std::nullopt;
    q.wakeup.expires_at(deadline);
    co_await q.wakeup.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace agora::http
