#include "email/https_fetch.hpp"

#include <curl/curl.h>

#include <memory>
#include <stdexcept>

#include "email/curl_global.hpp"

namespace agora::email {
namespace {

struct Sink {
  std::string body;
  std::size_t max_bytes;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t n = size * count;
  if (sink->body.size() + n > sink->max_bytes) return 0;  // libcurl stops with CURLE_WRITE_ERROR
  sink->body.append(data, n);
  return n;
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

}  // namespace

std::string https_get(const std::string& url, std::size_t max_bytes) {
  ensure_curl_initialized();
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) throw std::runtime_error("libcurl could not make a handle");
  CURL* c = curl.get();
  Sink sink{{}, max_bytes};
  char error[CURL_ERROR_SIZE] = {};
  bool ok = curl_easy_setopt(c, CURLOPT_URL, url.c_str()) == CURLE_OK &&
            curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https") == CURLE_OK &&
            curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
            curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5'000L) == CURLE_OK &&
            curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10'000L) == CURLE_OK &&
            curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
            curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body) == CURLE_OK &&
            curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink) == CURLE_OK &&
            curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error) == CURLE_OK;
  if (!ok) throw std::runtime_error("libcurl refused an option");
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK)
    throw std::runtime_error("GET " + url + " failed: " + curl_easy_strerror(rc) + " " + std::string(error));
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) throw std::runtime_error("GET " + url + " answered " + std::to_string(status));
  return std::move(sink.body);
}

}  // namespace agora::email
