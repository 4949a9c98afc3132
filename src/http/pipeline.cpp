#include "http/pipeline.hpp"

#include <chrono>

#include "core/crypto.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "core/utf8.hpp"

namespace agora::http {
namespace {

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool all_zero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void add_default_header(Response& res, std::string_view name, std::string value) {
  for (const auto& [k, v] : res.headers)
    if (iequals(k, name)) return;
  res.headers.emplace_back(std::string(name), std::move(value));
}

}  // namespace

std::optional<std::string> decode_path(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      if (i + 2 >= raw.size()) return std::nullopt;
      const int hi = hex_value(raw[i + 1]), lo = hex_value(raw[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = char(hi * 16 + lo);
      i += 2;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return std::nullopt;
    out.push_back(c);
  }
  if (!utf8::valid(out)) return std::nullopt;
  return out;
}

TraceContext trace_context(std::optional<std::string_view> tp) {
  TraceContext ctx;
  ctx.span_id = crypto::random_hex(8);
  // version "00": 2-32-16-2 hex digits separated by dashes
  if (tp && tp->size() == 55 && (*tp)[2] == '-' && (*tp)[35] == '-' && (*tp)[52] == '-') {
    const auto version = tp->substr(0, 2), trace = tp->substr(3, 32), parent = tp->substr(36, 16),
               flags = tp->substr(53, 2);
    if (is_hex(version) && version != "ff" && is_hex(trace) && !all_zero(trace) && is_hex(parent) &&
        !all_zero(parent) && is_hex(flags)) {
      ctx.trace_id = std::string(trace);
      ctx.parent_id = std::string(parent);
      ctx.flags = std::string(flags);
      return ctx;
    }
  }
  ctx.trace_id = crypto::random_hex(16);
  return ctx;
}

std::string request_id(std::optional<std::string_view> sent) {
  if (sent && !sent->empty() && sent->size() <= 128) {
    bool plain = true;
    for (char c : *sent)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':')) plain = false;
    if (plain) return std::string(*sent);
  }
  return crypto::random_hex(16);
}

Response problem_response(const Problem& p, const Request& req) {
  Response res{
      p.status(), "application/problem+json", {}, p.to_json(req.path.empty() ? req.target : req.path, req.request_id)};
  for (const auto& h : p.headers()) res.headers.push_back(h);
  return res;
}

std::string_view method_label(std::string_view method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    if (method == known) return known;
  return "other";
}

Task<Response> Pipeline::handle(Request& req) {
  auto res = co_await dispatch(req, /*head_only=*/false);
  co_return std::move(*res);
}

Task<Pipeline::Admission> Pipeline::admit(Request& req) {
  Admission a;
  // Most routes only need their body limit looked up: no ids, no hook.
  const std::string_view raw_path = std::string_view(req.target).substr(0, req.target.find('?'));
  const auto path = decode_path(raw_path);
  const auto match = path ? router_.match(req.method, *path) : Router::Match{};
  if (!match.handler) co_return a;  // answered (404, 405, 400…) by the full pass once the body is read
  a.max_body_bytes = match.options->max_body_bytes;
  if (match.options->before_body) a.response = co_await dispatch(req, /*head_only=*/true);
  co_return a;
}

Task<std::optional<Response>> Pipeline::dispatch(Request& req, bool head_only) {
  const auto started = std::chrono::steady_clock::now();
  req.request_id = request_id(req.header("x-request-id"));
  const TraceContext trace = trace_context(req.header("traceparent"));
  req.trace_id = trace.trace_id;

  Response res;
  bool has_response = false;
  const auto qpos = req.target.find('?');
  const std::string_view raw_path = std::string_view(req.target).substr(0, qpos);
  req.query = qpos == std::string::npos ? std::string() : req.target.substr(qpos + 1);
  if (auto decoded = decode_path(raw_path)) {
    req.path = std::move(*decoded);
  } else {
    res = problem_response(Problem::bad_request("The request path is not valid percent-encoded UTF-8."), req);
    has_response = true;
  }

  // Methods outside HTTP's usual set are refused before routing; metrics and
  // logs then see one fixed label for all of them (a label per raw method
  // would let any client grow /metrics without bound).
  const std::string_view method = method_label(req.method);
  if (!has_response && method == "other") {
    res = problem_response(Problem(501, "method-not-implemented", "Method not implemented",
                                   "This server implements GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS."),
                           req);
    has_response = true;
  }

  if (!has_response) {
    auto match = router_.match(req.method, req.path);
    req.route = match.pattern.empty() ? "unmatched" : match.pattern;
    req.route_options = match.options;
    if (!match.handler && match.allow.empty()) {
      res = problem_response(Problem::not_found("No route for " + req.path + "."), req);
    } else if (!match.handler) {
      res = problem_response(
          Problem(405, "method-not-allowed", "Method not allowed", "Use one of: " + match.allow + "."), req);
      res.headers.emplace_back("Allow", match.allow);
    } else {
      req.params = std::move(match.params);
      // Before the body, only the route's before_body hook runs (if any);
      // the request goes on unless it throws.
      const Handler* handler = head_only ? &match.options->before_body : match.handler;
      if (head_only && !*handler) co_return std::nullopt;
      try {
        res = co_await (*handler)(req);
        if (head_only) co_return std::nullopt;
      } catch (const Problem& p) {
        res = problem_response(p, req);
      } catch (const Unavailable& u) {
        log::warn("dependency unavailable", {{"error.message", u.what()},
                                             {"http.request.id", req.request_id},
                                             {"trace.id", req.trace_id},
                                             {"http.route", req.route}});
        res = problem_response(
            Problem::unavailable(u.retry_after_seconds(), "A dependency is unavailable; retry shortly."), req);
      } catch (const std::exception& e) {
        log::error("unhandled error", {{"error.message", e.what()},
                                       {"http.request.id", req.request_id},
                                       {"trace.id", req.trace_id},
                                       {"http.route", req.route}});
        res = problem_response(Problem(500, "internal", "Internal error",
                                       "Something went wrong on our side; the request id identifies it."),
                               req);
      }
    }
  }
  // Before the body is read, only a refusal by the route's hook answers;
  // anything else (404, 405, 501 …) is answered once the body is read, by
  // the full pass.
  if (head_only && (!req.route_options || !req.route_options->before_body || res.status < 400)) co_return std::nullopt;
  if (req.route.empty()) req.route = "unmatched";

  add_default_header(res, "X-Request-Id", req.request_id);
  add_default_header(res, "traceparent", trace.header());
  add_default_header(res, "Cache-Control", "no-store");
  add_default_header(res, "X-Content-Type-Options", "nosniff");
  // Browsers ignore it over plain HTTP (RFC 6797), so it is safe to send
  // always; over HTTPS it keeps them on HTTPS for a year.
  add_default_header(res, "Strict-Transport-Security", std::string(kHstsValue));
  if (req.method == "HEAD") res.body.clear();

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto& reg = metrics::Registry::global();
  const std::string status = std::to_string(res.status);
  reg.counter("http_requests_total", "HTTP requests by route, method and status.",
              metrics::labels({{"route", req.route}, {"method", method}, {"status", status}}))
      .inc();
  reg.histogram("http_request_duration_seconds", "Time from request read to response ready.",
                metrics::labels({{"route", req.route}, {"method", method}}))
      .observe(seconds);

  if (config_.access_log) {
    log::info("request", {{"http.request.method", std::string(method)},
                          {"url.path", req.path},
                          {"http.route", req.route},
                          {"http.response.status_code", res.status},
                          {"event.duration_ms", seconds * 1000.0},
                          {"http.request.id", req.request_id},
                          {"trace.id", req.trace_id},
                          {"span.id", trace.span_id},
                          {"client.ip", req.client_ip},
                          {"user.id", req.user_id}});
  }
  co_return res;
}

}  // namespace agora::http
