#pragma once
// Where AWS credentials come from, in the order the AWS SDKs look:
//   1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN)
//   2. a web identity (IRSA on EKS and Fargate): AWS_ROLE_ARN +
//      AWS_WEB_IDENTITY_TOKEN_FILE, exchanged at the regional STS endpoint
//      with AssumeRoleWithWebIdentity (an unsigned call: the token is the
//      proof). AWS_ROLE_SESSION_NAME names the session; AWS_ENDPOINT_URL_STS
//      replaces the endpoint (an STS stand-in in tests).
// Temporary credentials are cached and renewed a few minutes before they
// expire, by one caller while the others wait for it; the token file is read
// again on each renewal because the kubelet rotates it.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "aws/sigv4.hpp"

namespace agora::aws {

class CredentialsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Credentials valid now. May block (an STS call), so call it on a pool
  // thread, as the S3 and SQS clients do. Thread-safe. Throws
  // CredentialsError when none can be had.
  virtual Credentials get() = 0;
};

class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials credentials) : credentials_(std::move(credentials)) {}
  Credentials get() override { return credentials_; }

 private:
  const Credentials credentials_;
};

struct TemporaryCredentials {
  Credentials credentials;
  std::chrono::system_clock::time_point expiration;
};

// The credentials in an AssumeRoleWithWebIdentity response; throws
// CredentialsError with STS's error code and message for an ErrorResponse
// or anything else that lacks them.
TemporaryCredentials parse_assume_role_response(std::string_view xml);

// 2014-10-24T23:00:23Z (fractional seconds allowed); nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

struct WebIdentityOptions {
  std::string role_arn;
  std::string token_file;
  std::string session_name;
  std::string region;
  std::string sts_endpoint;  // empty: https://sts.<region>.amazonaws.com
  std::chrono::seconds refresh_before{300};
  std::chrono::seconds duration{3600};
  std::chrono::milliseconds timeout{5'000};
};

class WebIdentityCredentialsProvider final : public CredentialsProvider {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  explicit WebIdentityCredentialsProvider(WebIdentityOptions options, Clock now = std::chrono::system_clock::now);
  Credentials get() override;

  const WebIdentityOptions& options() const { return options_; }

 private:
  TemporaryCredentials assume_role() const;

  const WebIdentityOptions options_;
  const Clock now_;
  std::mutex mutex_;
  std::optional<TemporaryCredentials> cached_;
};

// The provider the environment asks for (see the top of this file); throws
// CredentialsError naming the variables when there is none.
std::shared_ptr<CredentialsProvider> credentials_from_environment(
    const std::string& region, const std::function<std::optional<std::string>(const std::string&)>& getenv);
std::shared_ptr<CredentialsProvider> credentials_from_process_environment(const std::string& region);

}  // namespace agora::aws
