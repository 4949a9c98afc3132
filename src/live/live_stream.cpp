#include "live/live_stream.hpp"

#include "live/event_text.hpp"
#include "live/hub.hpp"

namespace agora::live {

LiveStream::LiveStream(std::shared_ptr<http::EventQueue> queue, std::shared_ptr<void> holds,
                       std::chrono::milliseconds max_age)
    : queue_(std::move(queue)), holds_(std::move(holds)), end_of_life_(std::chrono::steady_clock::now() + max_age) {
  send(retry_field(kReconnectDelay));
}

Task<std::optional<std::string>> LiveStream::next() {
  for (;;) {
    if (queue_->closed()) co_return std::nullopt;  // stopped, or the client fell too far behind
    if (!out_.empty()) {
      auto text = std::move(out_.front());
      out_.pop_front();
      co_return text;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(end_of_life_ - std::chrono::steady_clock::now());
    if (left.count() <= 0) co_return std::nullopt;  // old enough: the client reconnects and is checked anew
    auto item = co_await queue_->pop(std::min(heartbeat_interval(), left));
    if (queue_->closed()) co_return std::nullopt;
    if (item) {
      if (*item == kAccessChanged) co_return std::nullopt;
      if (!co_await on_item(*item)) co_return std::nullopt;
      continue;
    }
    if (std::chrono::steady_clock::now() >= end_of_life_) co_return std::nullopt;
    if (!co_await still_allowed()) co_return std::nullopt;
    co_await on_heartbeat();
    send(std::string(kHeartbeat));
  }
}

}  // namespace agora::live
