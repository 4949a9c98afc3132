#pragma once
// What both live streams share: a bounded queue the hub fills, a heartbeat
// that also re-checks the client's right to the stream, an end when the
// client's access may have changed (an "access" item, live/access_events)
// or the stream reached its maximum age, and stop() for the server.
// Subclasses turn queued items into events.
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <string>

#include "http/event_queue.hpp"
#include "http/message.hpp"

namespace agora::live {

// Items (ids) a stream may have waiting before it is ended as too slow.
inline constexpr std::size_t kQueueCapacity = 256;
// How long a client waits before reconnecting once its stream ended.
inline constexpr std::chrono::milliseconds kReconnectDelay{2000};

class LiveStream : public http::EventStream {
 public:
  // Starts with the reconnection delay clients should use. `holds` keeps
  // what the stream needs while it lives (hub subscriptions, its ticket
  // under the stream caps); `max_age` ends it, to be checked anew on the
  // client's reconnect.
  LiveStream(std::shared_ptr<http::EventQueue> queue, std::shared_ptr<void> holds, std::chrono::milliseconds max_age);

  Task<std::optional<std::string>> next() override;
  void stop() override { queue_->close(); }

 protected:
  // Text to send before anything else (catch-up events, the first count).
  void send(std::string text) { out_.push_back(std::move(text)); }

  // Each heartbeat: false ends the stream (access revoked, session ended).
  virtual Task<bool> still_allowed() = 0;
  // An item from the hub; may send() events. False ends the stream.
  virtual Task<bool> on_item(const std::string& item) = 0;
  // After each heartbeat's check; may send() events.
  virtual Task<void> on_heartbeat() { co_return; }

 private:
  std::shared_ptr<http::EventQueue> queue_;
  std::shared_ptr<void> holds_;  // dropped with the stream: unsubscribes, frees its ticket
  std::chrono::steady_clock::time_point end_of_life_;
  std::deque<std::string> out_;
};

}  // namespace agora::live
