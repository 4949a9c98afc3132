#pragma once
// The HTTP client of the AWS layer: libcurl underneath (its headers stay in
// http.cpp), called blocking on an HttpClient's own thread pool so that no
// event loop ever waits for S3, SQS or STS. Every call has a connect and a
// total timeout: an endpoint that does not answer fails the call with an
// HttpError, it never hangs.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/offload.hpp"
#include "core/task.hpp"

namespace agora::aws {

struct HttpRequest {
  std::string method = "GET";  // GET, HEAD, PUT, POST, DELETE
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{3'000};
  std::chrono::milliseconds timeout{10'000};  // the whole exchange
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  // The first header named `name` (case-insensitive).
  std::optional<std::string> header(std::string_view name) const;
};

// The exchange failed before a response arrived (DNS, refused connection,
// timeout, TLS). Carries libcurl's explanation and the URL without its query
// (a presigned query is a credential).
class HttpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One blocking exchange on the calling thread. Thread-safe; libcurl's global
// state is initialised once, on first use.
HttpResponse perform(const HttpRequest& request);

// The URL up to '?', for messages.
std::string without_query(std::string_view url);

class HttpClient {
 public:
  // `threads` bounds concurrent calls; an SQS long poll holds one thread for
  // up to its wait time, so size it for the pollers plus the other calls.
  explicit HttpClient(int threads = 4);

  // Runs `work` (typically: fetch credentials, sign, perform) on the pool.
  Task<void> run(std::function<void()> work);

  Task<HttpResponse> send(HttpRequest request);

 private:
  std::unique_ptr<BlockingPool> pool_;
};

}  // namespace agora::aws
