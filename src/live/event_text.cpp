#include "live/event_text.hpp"

#include <atomic>
#include <charconv>

#include "core/errors.hpp"

namespace agora::live {
namespace {

std::atomic<std::int64_t> heartbeat_ms{15'000};

std::int64_t parse_id(std::string_view text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 0 || text.front() == '+')
    throw Problem::bad_request("Last-Event-ID must be a comment id (a non-negative integer).");
  return id;
}

}  // namespace

std::string format_event(std::string_view name, std::string_view id, std::string_view data) {
  std::string out;
  out.reserve(data.size() + name.size() + id.size() + 32);
  if (!id.empty()) out.append("id: ").append(id).append("\n");
  out.append("event: ").append(name).append("\n");
  for (;;) {
    const auto nl = data.find('\n');
    out.append("data: ").append(data.substr(0, nl)).append("\n");
    if (nl == std::string_view::npos) break;
    data.remove_prefix(nl + 1);
  }
  out.append("\n");
  return out;
}

std::string retry_field(std::chrono::milliseconds delay) { return "retry: " + std::to_string(delay.count()) + "\n\n"; }

std::optional<std::int64_t> last_event_id(const http::Request& req) {
  std::optional<std::string> text;
  if (auto h = req.header("last-event-id")) text = std::string(*h);
  else text = req.query_param("last_event_id");
  if (!text || text->empty()) return std::nullopt;
  return parse_id(*text);
}

std::chrono::milliseconds heartbeat_interval() { return std::chrono::milliseconds(heartbeat_ms.load()); }

void set_heartbeat_interval_for_tests(std::chrono::milliseconds interval) { heartbeat_ms = interval.count(); }

}  // namespace agora::live
