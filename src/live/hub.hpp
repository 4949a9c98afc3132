#pragma once
// Live events across replicas. Writers NOTIFY on channel `agora_events`
// inside their transaction (notifications/fanout, notifications/repo), so an
// event exists only if its write committed. Each process's Hub LISTENs on
// one dedicated connection (live/listener) and hands every event to the
// streams subscribed to its topic, each on the stream's own event loop.
//
// Topics and what their subscribers receive:
//   post:<id>        the id of a new comment on the post
//   user:<id>        "changed": the user's unread notification count may differ;
//                    "access": the user's access may have changed (end the stream)
//   community:<id>   "access": who may read the community may have changed
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/task.hpp"
#include "http/event_queue.hpp"

namespace agora::live {

std::string post_topic(std::int64_t post_id);
std::string user_topic(std::int64_t user_id);
std::string community_topic(std::int64_t community_id);

// The item of access events (live/access_events.hpp).
inline constexpr std::string_view kAccessChanged = "access";

// A NOTIFY payload as topic and item; nullopt for payloads no stream wants.
std::optional<std::pair<std::string, std::string>> route_payload(std::string_view payload);

class Hub {
 public:
  Hub(std::string conninfo, std::chrono::milliseconds connect_timeout);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Subscribes `queue` to `topic`, then waits until the listener is
  // LISTENing (starting it on this loop if nobody has), so every event
  // committed after this returns reaches the queue: a stream subscribes
  // before its catch-up query and loses nothing in between. Throws
  // Unavailable when the listener cannot connect within the connect
  // timeout. Dropping the returned handle unsubscribes.
  Task<std::shared_ptr<void>> subscribe(std::string topic, std::shared_ptr<http::EventQueue> queue);

  // Thread-safe: pushes `item` into every queue subscribed to `topic`.
  void deliver(const std::string& topic, const std::string& item);
  // Thread-safe: closes every subscribed queue, ending their streams (after
  // the listener lost its connection, events may have been missed; the
  // clients reconnect and catch up with Last-Event-ID).
  void close_all();

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace agora::live
