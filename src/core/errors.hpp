#pragma once
// Error types shared by every layer. Domain code throws Problem for anything the
// client did wrong; the HTTP layer renders it as RFC 9457 problem+json.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace agora {

struct FieldError {
  std::string field;    // JSON pointer-ish name of the field ("email", "password")
  std::string message;  // what is wrong, in words a user can act on
};

class Problem : public std::exception {
 public:
  Problem(int status, std::string type, std::string title, std::string detail = {})
      : status_(status), type_(std::move(type)), title_(std::move(title)), detail_(std::move(detail)) {}

  int status() const { return status_; }
  const std::string& type() const { return type_; }  // stable slug, e.g. "validation"
  const std::string& title() const { return title_; }
  const std::string& detail() const { return detail_; }
  const std::vector<FieldError>& errors() const { return errors_; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  const char* what() const noexcept override { return title_.c_str(); }

  Problem& with_errors(std::vector<FieldError> e) {
    errors_ = std::move(e);
    return *this;
  }
  Problem& with_header(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }

  // RFC 9457 body; `instance` is the request path.
  std::string to_json(std::string_view instance, std::string_view request_id) const;

  static Problem bad_request(std::string detail);
  static Problem validation(std::vector<FieldError> errors);
  static Problem unauthorized(std::string detail = "Authentication is required.");
  static Problem forbidden(std::string detail = "You are not allowed to do this.");
  static Problem not_found(std::string detail = "No such resource.");
  static Problem conflict(std::string detail, std::vector<FieldError> errors = {});
  static Problem too_many_requests(int retry_after_seconds);
  static Problem unavailable(int retry_after_seconds, std::string detail);

 private:
  int status_;
  std::string type_, title_, detail_;
  std::vector<FieldError> errors_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

// A dependency (the database) cannot serve right now. Rendered as 503 with
// Retry-After so clients and load balancers back off instead of piling on.
class Unavailable : public std::runtime_error {
 public:
  explicit Unavailable(const std::string& why, int retry_after_seconds = 1)
      : std::runtime_error(why), retry_after_(retry_after_seconds) {}
  int retry_after_seconds() const { return retry_after_; }

 private:
  int retry_after_;
};

}  // namespace agora
