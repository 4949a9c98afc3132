#pragma once
// The HTTP request and response as the rest of the service sees them: plain
// structs with no Beast types, so domain code compiles without Beast/Asio.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/task.hpp"

namespace agora::db {
class Pool;
}

namespace agora::http {

struct RouteOptions;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // upper case: GET, POST, …
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded path
  std::string query;   // raw query string, without '?'
  Headers headers;
  std::string body;
  std::string client_ip;
  std::vector<std::pair<std::string, std::string>> params;  // path parameters

  // Set by the server before the handler runs.
  std::string request_id;
  std::string trace_id;
  std::string route;                            // the matched pattern, e.g. /api/v1/users/{username}
  const RouteOptions* route_options = nullptr;  // the matched route's (router.hpp)
  db::Pool* db = nullptr;                       // the calling event loop's connection pool
  std::int64_t user_id = 0;                     // set by authentication, for the access log

  // Case-insensitive header lookup; the first occurrence.
  std::optional<std::string_view> header(std::string_view name) const;
  std::optional<std::string_view> cookie(std::string_view name) const;
  std::string_view param(std::string_view name) const;
  // Decoded query parameter (first occurrence); nullopt when absent. Throws
  // Problem 400 when its encoding is malformed or not UTF-8.
  std::optional<std::string> query_param(std::string_view name) const;
};

// The body of a streaming response (Server-Sent Events), produced over time.
// The server writes the head, then awaits next() and writes what it returns
// (each under the write timeout) until it returns nullopt, all on the
// request's event loop. It calls stop(), on that loop, when the server stops
// or the client hangs up: next() must then return nullopt promptly. The
// server drops its reference when the connection ends, which releases what
// the stream holds (subscriptions, queues).
class EventStream {
 public:
  virtual ~EventStream() = default;
  virtual Task<std::optional<std::string>> next() = 0;
  virtual void stop() = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  Headers headers;
  std::string body;
  std::shared_ptr<EventStream> stream;  // set: `body` is ignored and the stream is sent instead

  static Response json(int status, std::string body) {
    return Response{status, "application/json", {}, std::move(body)};
  }
  static Response no_content() { return Response{204, {}, {}, {}}; }
  static Response text(int status, std::string body, std::string type = "text/plain; charset=utf-8") {
    return Response{status, std::move(type), {}, std::move(body)};
  }
  // 200 text/event-stream, unbuffered by proxies (nginx honours X-Accel-Buffering).
  static Response event_stream(std::shared_ptr<EventStream> stream) {
    return Response{200, "text/event-stream", {{"X-Accel-Buffering", "no"}}, {}, std::move(stream)};
  }
};

bool iequals(std::string_view a, std::string_view b);

}  // namespace agora::http
