#pragma once
// A small blocking HTTP/1.1 client for the integration tests. It can send
// well-formed requests and arbitrary raw bytes (malformed requests, slow
// clients, pipelining), and parses what comes back with Beast.
//
// Every final response it reads is checked against docs/openapi.yaml
// (support/openapi_validator.hpp); a response the spec does not describe
// fails the running test, with the request, the response and each
// violation. Tests need not (and cannot) opt in or out.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agora::test {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  HeaderList headers;
  std::string body;
  bool keep_alive = false;

  // First header with this name (case-insensitive).
  std::optional<std::string> header(std::string_view name) const;
  std::vector<std::string> headers_named(std::string_view name) const;
  std::string content_type() const { return header("content-type").value_or(""); }

  // The body as JSON; throws std::runtime_error (with the body) when it is not.
  boost::json::value json() const;
  // The body as a JSON object; throws when it is not one.
  boost::json::object object() const;
};

// One TCP connection to 127.0.0.1:port. Every operation has a deadline, so a
// server that never answers fails the test instead of hanging it.
class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Writes all of `bytes`; false when the server has closed or reset.
  bool send(std::string_view bytes, std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Reads one response (bytes left over stay buffered for the next one).
  // A text/event-stream response, which never ends, is returned once its
  // head is read, with an empty body (support/sse_stream.hpp reads events).
  // Throws std::runtime_error on timeout, or when the connection closes first.
  // The request it answers is taken from the bytes sent so far, in order
  // (pipelining works); when they are not a complete request, the response
  // is checked as one to an unknown request (see openapi::check_response).
  HttpResponse read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10), bool head_request = false);

  // Reads and discards until the server closes the connection; returns how
  // long that took, or nullopt if it was still open after `timeout`.
  std::optional<std::chrono::milliseconds> wait_closed(std::chrono::milliseconds timeout);

  // Everything received until the server closed (or `timeout` passed).
  std::string read_until_closed(std::chrono::milliseconds timeout);

 private:
  friend class HttpClient;  // knows its request, so checks the response itself
  HttpResponse read_unchecked(std::chrono::milliseconds timeout, bool head_request);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Serializes a request. Content-Length is added for a body and for POST,
// PUT and PATCH; `headers` come after Host.
std::string format_request(std::string_view method, std::string_view target, std::string_view body,
                           const HeaderList& headers);

// One connection per request.
class HttpClient {
 public:
  explicit HttpClient(int port) : port_(port) {}

  HttpResponse request(std::string_view method, std::string_view target, std::string_view body = {},
                       const HeaderList& headers = {}) const;
  HttpResponse get(std::string_view target, const HeaderList& headers = {}) const {
    return request("GET", target, {}, headers);
  }
  // POST with Content-Type: application/json.
  HttpResponse post_json(std::string_view target, const boost::json::value& body, const HeaderList& headers = {}) const;
  // POST with any body and content type ("" sends no Content-Type).
  HttpResponse post(std::string_view target, std::string_view body, std::string_view content_type,
                    HeaderList headers = {}) const;

  int port() const { return port_; }

 private:
  int port_;
};

// Header helpers for the two kinds of credentials.
inline std::pair<std::string, std::string> bearer(const std::string& token) {
  return {"Authorization", "Bearer " + token};
}
inline std::pair<std::string, std::string> session_cookie(const std::string& token) {
  return {"Cookie", "agora_session=" + token};
}

}  // namespace agora::test
