#include "live/live_stream.hpp"

#include "live/event_text.hpp"

namespace agora::live {

LiveStream::LiveStream(std::shared_ptr<http::EventQueue> queue, std::shared_ptr<void> subscription)
    : queue_(std::move(queue)), subscription_(std::move(subscription)) {
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
    auto item = co_await queue_->pop(heartbeat_interval());
    if (queue_->closed()) co_return std::nullopt;
    if (item) {
      co_await on_item(*item);
      continue;
    }
    if (!co_await still_allowed()) co_return std::nullopt;
    co_await on_heartbeat();
    send(std::string(kHeartbeat));
  }
}

}  // namespace agora::live
