#pragma once
// What happens to every request between the socket and the handler, in order:
// request id and W3C trace context, path decoding, routing, the handler with
// errors mapped to problem+json, common response headers, metrics, access log.
// Free of Beast so it can be tested without sockets.
#include <atomic>

#include "core/config.hpp"
#include "core/errors.hpp"
#include "core/task.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace agora::http {

class Pipeline {
 public:
  Pipeline(const Router& router, const Config& config) : router_(router), config_(config) {}

  // Never throws: every failure becomes a response.
  Task<Response> handle(Request& req);

  // Once the head of `req` is read (no body yet): the most body bytes its
  // route accepts, and a response when its route's before_body hook refused
  // it (the body is then not read at all). Never throws.
  struct Admission {
    std::size_t max_body_bytes = RouteOptions{}.max_body_bytes;
    std::optional<Response> response;
  };
  Task<Admission> admit(Request& req);

  // After SIGTERM: responses ask clients to close their connection so the
  // pool drains before the listener stops.
  void set_draining() { draining_ = true; }
  bool draining() const { return draining_; }

 private:
  // `head_only`: run only the route's before_body hook; nullopt when the
  // request may go on to have its body read.
  Task<std::optional<Response>> dispatch(Request& req, bool head_only);

  const Router& router_;
  const Config& config_;
  std::atomic<bool> draining_{false};
};

// Decodes %XX escapes; nullopt when malformed, or when the result has NUL,
// control characters or invalid UTF-8.
std::optional<std::string> decode_path(std::string_view raw);

// Trace context from a `traceparent` header, or a fresh one when absent/invalid.
struct TraceContext {
  std::string trace_id;   // 32 hex
  std::string parent_id;  // caller's span (16 hex), empty when we start the trace
  std::string span_id;    // ours (16 hex)
  std::string flags = "01";
  std::string header() const { return "00-" + trace_id + "-" + span_id + "-" + flags; }
};
TraceContext trace_context(std::optional<std::string_view> traceparent);

// Keeps a client-sent X-Request-Id when it is short and plain, else makes one.
std::string request_id(std::optional<std::string_view> sent);

Response problem_response(const Problem& p, const Request& req);

// Sent with every response (HSTS, RFC 6797).
inline constexpr std::string_view kHstsValue = "max-age=31536000; includeSubDomains";

// The method as metrics and logs name it: one of HTTP's usual methods, or
// "other" for anything else (refused with 501 before routing).
std::string_view method_label(std::string_view method);

}  // namespace agora::http
