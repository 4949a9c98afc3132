#pragma once
// The text/event-stream wire format (WHATWG HTML, "Server-sent events"):
// events, comment heartbeats, the reconnection delay, and the Last-Event-ID
// a reconnecting client sends.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace agora::live {

// "id: <id>\nevent: <name>\ndata: <line>\n…\n\n"; `id` empty: no id line.
// Every line of `data` gets its own data: field, so a newline cannot end the
// event early.
std::string format_event(std::string_view name, std::string_view id, std::string_view data);

// A comment line clients ignore; keeps proxies (the ALB's 60 s idle
// timeout) from closing a quiet stream.
inline constexpr std::string_view kHeartbeat = ": ping\n\n";

// How long a client waits before reconnecting after the stream ends.
std::string retry_field(std::chrono::milliseconds delay);

// The id a reconnecting client last saw: the Last-Event-ID header, else the
// `last_event_id` query parameter (EventSource cannot set headers on its
// first connect). nullopt when neither is sent (or empty); Problem 400 when
// it is not a non-negative decimal integer.
std::optional<std::int64_t> last_event_id(const http::Request& req);

// Time between heartbeats (15 s; also when each stream re-checks access).
std::chrono::milliseconds heartbeat_interval();
// Tests shorten it to see heartbeats and re-checks without waiting 15 s.
void set_heartbeat_interval_for_tests(std::chrono::milliseconds interval);

}  // namespace agora::live
