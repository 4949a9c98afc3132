#include "core/errors.hpp"

#include "core/json_text.hpp"

namespace agora {

std::string Problem::to_json(std::string_view instance, std::string_view request_id) const {
  std::string out = "{\"type\":";
  json_text::append_string(out, "/problems/" + type_);
  out += ",\"title\":";
  json_text::append_string(out, title_);
  out += ",\"status\":" + std::to_string(status_);
  if (!detail_.empty()) {
    out += ",\"detail\":";
    json_text::append_string(out, detail_);
  }
  out += ",\"instance\":";
  json_text::append_string(out, instance);
  if (!request_id.empty()) {
    out += ",\"request_id\":";
    json_text::append_string(out, request_id);
  }
  if (!errors_.empty()) {
    out += ",\"errors\":[";
    for (std::size_t i = 0; i < errors_.size(); ++i) {
      if (i) out.push_back(',');
      out += "{\"field\":";
      json_text::append_string(out, errors_[i].field);
      out += ",\"message\":";
      json_text::append_string(out, errors_[i].message);
      out.push_back('}');
    }
    out.push_back(']');
  }
  out.push_back('}');
  return out;
}

Problem Problem::bad_request(std::string detail) {
  return Problem(400, "bad-request", "Bad request", std::move(detail));
}
Problem Problem::validation(std::vector<FieldError> errors) {
  Problem p(422, "validation", "Some fields are invalid", "See errors[] for what to change in each field.");
  p.with_errors(std::move(errors));
  return p;
}
Problem Problem::unauthorized(std::string detail) {
  Problem p(401, "unauthorized", "Not authenticated", std::move(detail));
  p.with_header("WWW-Authenticate", "Bearer realm=\"agora\"");  // RFC 9110 §11.6.1
  return p;
}
Problem Problem::forbidden(std::string detail) { return Problem(403, "forbidden", "Forbidden", std::move(detail)); }
Problem Problem::not_found(std::string detail) { return Problem(404, "not-found", "Not found", std::move(detail)); }
Problem Problem::conflict(std::string detail, std::vector<FieldError> errors) {
  Problem p(409, "conflict", "Conflict", std::move(detail));
  p.with_errors(std::move(errors));
  return p;
}
Problem Problem::too_many_requests(int retry_after_seconds) {
  Problem p(429, "rate-limited", "Too many requests",
            "Slow down and retry after " + std::to_string(retry_after_seconds) + " s.");
  p.with_header("Retry-After", std::to_string(retry_after_seconds));
  return p;
}
Problem Problem::unavailable(int retry_after_seconds, std::string detail) {
  Problem p(503, "unavailable", "Service temporarily unavailable", std::move(detail));
  p.with_header("Retry-After", std::to_string(retry_after_seconds));
  return p;
}

}  // namespace agora
