#include "aws/s3.hpp"

#include <functional>

#include "aws/sigv4.hpp"
#include "aws/xml.hpp"

namespace agora::aws {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& key, const HttpResponse& response) {
  // HEAD answers have no body: the status alone has to do.
  const std::string code = xml_text(response.body, "Code").value_or("HTTP" + std::to_string(response.status));
  const std::string message = xml_text(response.body, "Message").value_or("");
  throw S3Error(response.status, code,
                "S3 " + what + " " + key + ": " + std::to_string(response.status) + " " + code +
                    (message.empty() ? "" : ": " + message));
}

}  // namespace

S3Client::S3Client(S3Options options, std::shared_ptr<CredentialsProvider> credentials,
                   std::shared_ptr<HttpClient> http)
    : options_(std::move(options)), credentials_(std::move(credentials)), http_(std::move(http)) {
  if (options_.bucket.empty()) throw std::invalid_argument("S3 needs a bucket");
  base_ = options_.endpoint.empty()
              ? Endpoint{"https", options_.bucket + ".s3." + options_.region + ".amazonaws.com", ""}
              : parse_endpoint(options_.endpoint);
}

S3Client::Target S3Client::target(const std::string& key) const {
  if (key.empty()) throw std::invalid_argument("empty S3 key");
  std::string path = options_.endpoint.empty() ? "" : base_.path + "/" + uri_encode(options_.bucket, false);
  return {base_.host, path + "/" + uri_encode(key, true)};
}

std::string S3Client::object_url(const std::string& key) const {
  const Target t = target(key);
  return base_.scheme + "://" + t.host + t.path;
}

HttpResponse S3Client::send(const std::string& method, const std::string& key, std::string body,
                            const std::string& content_type) const {
  const Target t = target(key);
  SignedRequest signed_request{method, t.host, t.path, {}, {}, sha256_hex(body)};
  if (!content_type.empty()) signed_request.headers.emplace_back("Content-Type", content_type);
  signed_request.headers.emplace_back("x-amz-content-sha256", signed_request.payload_sha256);
  sign(signed_request, credentials_->get(), {options_.region, "s3"}, std::chrono::system_clock::now());

  HttpRequest request;
  request.method = method;
  request.url = base_.scheme + "://" + t.host + t.path;
  request.headers = std::move(signed_request.headers);
  request.headers.emplace_back("Host", t.host);  // exactly the signed value
  request.body = std::move(body);
  request.connect_timeout = options_.connect_timeout;
  request.timeout = options_.timeout;
  return perform(request);
}

void S3Client::put_now(const std::string& key, std::string_view body, const std::string& content_type) const {
  const HttpResponse response = send("PUT", key, std::string(body), content_type);
  if (response.status != 200) fail("PUT", key, response);
}

std::optional<S3Object> S3Client::get_now(const std::string& key) const {
  HttpResponse response = send("GET", key, "", "");
  if (response.status == 404) return std::nullopt;
  if (response.status != 200) fail("GET", key, response);
  return S3Object{std::move(response.body), response.header("content-type").value_or(""),
                  response.header("etag").value_or("")};
}

std::optional<S3Head> S3Client::head_now(const std::string& key) const {
  const HttpResponse response = send("HEAD", key, "", "");
  if (response.status == 404) return std::nullopt;
  if (response.status != 200) fail("HEAD", key, response);
  return S3Head{std::stoull(response.header("content-length").value_or("0")),
                response.header("content-type").value_or(""), response.header("etag").value_or("")};
}

void S3Client::remove_now(const std::string& key) const {
  const HttpResponse response = send("DELETE", key, "", "");
  if (response.status != 204 && response.status != 200 && response.status != 404) fail("DELETE", key, response);
}

std::string S3Client::presign_put_now(const std::string& key, const std::string& content_type,
                                      std::uint64_t content_length, std::chrono::seconds expires) const {
  const Target t = target(key);
  const SignedRequest request{
      "PUT", t.host, t.path, {}, {{"Content-Type", content_type}, {"Content-Length", std::to_string(content_length)}},
      ""};
  return base_.scheme + "://" + t.host + t.path + "?" +
         presign(request, credentials_->get(), {options_.region, "s3"}, std::chrono::system_clock::now(), expires);
}

std::string S3Client::presign_get_now(const std::string& key, std::chrono::seconds expires) const {
  const Target t = target(key);
  const SignedRequest request{"GET", t.host, t.path, {}, {}, ""};
  return base_.scheme + "://" + t.host + t.path + "?" +
         presign(request, credentials_->get(), {options_.region, "s3"}, std::chrono::system_clock::now(), expires);
}

// The coroutines copy their arguments into the frame (by-value parameters)
// and hand the blocking versions to the pool. Each std::function is named,
// not a temporary in the co_await expression (GCC 12 coroutine bug).
Task<void> S3Client::put(std::string key, std::string body, std::string content_type) {
  std::function<void()> work = [&] { put_now(key, body, content_type); };
  co_await http_->run(std::move(work));
}

Task<std::optional<S3Object>> S3Client::get(std::string key) {
  std::optional<S3Object> out;
  std::function<void()> work = [&] { out = get_now(key); };
  co_await http_->run(std::move(work));
  co_return out;
}

Task<std::optional<S3Head>> S3Client::head(std::string key) {
  std::optional<S3Head> out;
  std::function<void()> work = [&] { out = head_now(key); };
  co_await http_->run(std::move(work));
  co_return out;
}

Task<void> S3Client::remove(std::string key) {
  std::function<void()> work = [&] { remove_now(key); };
  co_await http_->run(std::move(work));
}

Task<std::string> S3Client::presign_put(std::string key, std::string content_type, std::uint64_t content_length,
                                        std::chrono::seconds expires) {
  std::string out;
  std::function<void()> work = [&] { out = presign_put_now(key, content_type, content_length, expires); };
  co_await http_->run(std::move(work));
  co_return out;
}

Task<std::string> S3Client::presign_get(std::string key, std::chrono::seconds expires) {
  std::string out;
  std::function<void()> work = [&] { out = presign_get_now(key, expires); };
  co_await http_->run(std::move(work));
  co_return out;
}

}  // namespace agora::aws
