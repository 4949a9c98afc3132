#include "aws/http.hpp"

#include <curl/curl.h>

#include <cctype>
#include <mutex>

namespace agora::aws {
namespace {

void global_init() {
  // curl_global_init is not thread-safe itself; once per process.
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw HttpError("curl_global_init failed");
  });
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  std::string_view line(data, size * count);
  // A new status line (after a 100 Continue or a redirect) starts afresh.
  if (line.starts_with("HTTP/")) {
    response->headers.clear();
    return size * count;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  response->headers.emplace_back(lower(line.substr(0, colon)), std::string(value));
  return size * count;
}

struct Easy {
  Easy() : handle(curl_easy_init()) {
    if (!handle) throw HttpError("curl_easy_init failed");
  }
  ~Easy() {
    curl_slist_free_all(headers);
    curl_easy_cleanup(handle);
  }
  Easy(const Easy&) = delete;
  Easy& operator=(const Easy&) = delete;
  CURL* handle;
  curl_slist* headers = nullptr;
};

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  const std::string key = lower(name);
  for (const auto& [n, v] : headers)
    if (n == key) return v;
  return std::nullopt;
}

std::string without_query(std::string_view url) { return std::string(url.substr(0, url.find('?'))); }

HttpResponse perform(const HttpRequest& request) {
  global_init();
  Easy easy;
  HttpResponse response;
  CURL* h = easy.handle;
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we run on many threads
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(request.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(request.timeout.count()));
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect would go unsigned elsewhere
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &response);

  if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "PUT" || request.method == "POST" || !request.body.empty()) {
      // The body is in memory; curl sends it with an exact Content-Length.
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    }
  }
  // Only what the caller signed or chose: curl's defaults (a form
  // Content-Type for bodies, Expect: 100-continue) are switched off.
  bool has_type = false;
  for (const auto& [name, value] : request.headers) {
    has_type = has_type || lower(name) == "content-type";
    const std::string line = name + ": " + value;
    easy.headers = curl_slist_append(easy.headers, line.c_str());
  }
  if (!has_type) easy.headers = curl_slist_append(easy.headers, "Content-Type:");
  easy.headers = curl_slist_append(easy.headers, "Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, easy.headers);

  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    throw HttpError(request.method + " " + without_query(request.url) + " failed: " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

HttpClient::HttpClient(int threads) : pool_(std::make_unique<BlockingPool>(threads)) {}

Task<void> HttpClient::run(std::function<void()> work) { co_await pool_->run(std::move(work)); }

Task<HttpResponse> HttpClient::send(HttpRequest request) {
  HttpResponse response;
  // Named, not a temporary in the co_await expression (GCC 12 coroutine bug).
  std::function<void()> work = [&] { response = perform(request); };
  co_await pool_->run(std::move(work));
  co_return response;
}

}  // namespace agora::aws
