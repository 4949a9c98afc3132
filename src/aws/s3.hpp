#pragma once
// An S3 client for one bucket: objects in and out, and presigned URLs that
// let a browser upload or download directly. Addressing is path-style
// (<endpoint>/<bucket>/<key>) when an endpoint is configured (an
// S3-compatible server), virtual-hosted (https://<bucket>.s3.<region>.
// amazonaws.com/<key>) for AWS itself. Each call takes credentials, signs
// and talks to S3 on the HttpClient's pool: `co_await` never blocks a loop.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "aws/endpoint.hpp"
#include "aws/http.hpp"
#include "core/task.hpp"

namespace agora::aws {

struct S3Options {
  std::string bucket;
  std::string region = "us-east-1";
  std::string endpoint;  // empty: AWS; else e.g. http://127.0.0.1:4568 (path-style)
  std::chrono::milliseconds connect_timeout{3'000};
  std::chrono::milliseconds timeout{30'000};
};

struct S3Object {
  std::string body;
  std::string content_type;
  std::string etag;
};

struct S3Head {
  std::uint64_t content_length = 0;
  std::string content_type;
  std::string etag;
};

// S3 answered with an error: its HTTP status and error code (AccessDenied,
// SignatureDoesNotMatch, …). Transport failures are HttpError.
class S3Error : public std::runtime_error {
 public:
  S3Error(long status, std::string code, const std::string& what)
      : std::runtime_error(what), status(status), code(std::move(code)) {}
  long status;
  std::string code;
};

class S3Client {
 public:
  S3Client(S3Options options, std::shared_ptr<CredentialsProvider> credentials, std::shared_ptr<HttpClient> http);

  Task<void> put(std::string key, std::string body, std::string content_type);
  Task<std::optional<S3Object>> get(std::string key);  // nullopt: no such key
  Task<std::optional<S3Head>> head(std::string key);   // nullopt: no such key
  Task<void> remove(std::string key);                  // a missing key is fine
  // A URL for a PUT of exactly `content_length` bytes of `content_type`: both
  // are signed headers, so S3 refuses (403) an upload with another type or size.
  // Signed with temporary (IRSA) credentials, a URL also stops working when
  // they expire, whatever `expires` says; up to 7 days otherwise (S3's cap).
  Task<std::string> presign_put(std::string key, std::string content_type, std::uint64_t content_length,
                                std::chrono::seconds expires);
  Task<std::string> presign_get(std::string key, std::chrono::seconds expires);

  // Blocking versions (what the pool runs); for tests and tools.
  void put_now(const std::string& key, std::string_view body, const std::string& content_type) const;
  std::optional<S3Object> get_now(const std::string& key) const;
  std::optional<S3Head> head_now(const std::string& key) const;
  void remove_now(const std::string& key) const;
  std::string presign_put_now(const std::string& key, const std::string& content_type, std::uint64_t content_length,
                              std::chrono::seconds expires) const;
  std::string presign_get_now(const std::string& key, std::chrono::seconds expires) const;

  // Where `key` lives, without a query: the URL a request goes to.
  std::string object_url(const std::string& key) const;
  const S3Options& options() const { return options_; }

 private:
  struct Target {
    std::string host, path;
  };
  Target target(const std::string& key) const;
  HttpResponse send(const std::string& method, const std::string& key, std::string body,
                    const std::string& content_type) const;

  S3Options options_;
  Endpoint base_;
  std::shared_ptr<CredentialsProvider> credentials_;
  std::shared_ptr<HttpClient> http_;
};

}  // namespace agora::aws
