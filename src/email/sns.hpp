#pragma once
// Amazon SNS HTTP(S) notifications: parsing, the canonical string that SNS
// signs, and the signature check. The signing certificate is fetched only
// from an https URL whose host is on the allow-list (AWS's
// sns.<region>.amazonaws.com): anything else is refused before any fetch, so
// a forged message cannot make us fetch an attacker's URL or trust its key.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/offload.hpp"
#include "core/task.hpp"

namespace agora::email {

struct SnsMessage {
  std::string type;  // Notification | SubscriptionConfirmation | UnsubscribeConfirmation
  std::string message_id, topic_arn, message, timestamp;
  std::optional<std::string> subject;  // Notification only, and only when published with one
  std::string token, subscribe_url;    // the confirmations only
  std::string signature_version, signature, signing_cert_url;
};

// Throws Problem 400 when the body is not an SNS message (not JSON, a
// required field missing or not a string, an unknown Type).
SnsMessage parse_sns_message(std::string_view body);

// "Key\nvalue\n" for the fields SNS signs, in its order (per the SNS
// developer guide, "Verifying the signatures of Amazon SNS messages").
std::string sns_string_to_sign(const SnsMessage& m);

// sns.<region>.amazonaws.com (and .amazonaws.com.cn); regions are letters,
// dashes and a number, so no dot can sneak another domain in.
bool aws_sns_host(std::string_view host);
// The host of an https:// URL; nullopt for other schemes, user info,
// ports or characters a host name cannot have.
std::optional<std::string> https_host(std::string_view url);

class SnsVerifier {
 public:
  // Fetches `url` and returns the body; blocking (it runs on the pool).
  using Fetch = std::function<std::string(const std::string& url)>;
  using HostAllowed = std::function<bool(std::string_view host)>;

  // Production: libcurl over https with the system's CAs, AWS's hosts, and
  // certificates verified against the system's CAs.
  explicit SnsVerifier(BlockingPool& pool);
  // Tests: another fetcher and allow-list, and the PEM certificate(s) that
  // signing certificates must chain to.
  SnsVerifier(BlockingPool& pool, Fetch fetch, HostAllowed allowed, std::string trusted_pem);
  ~SnsVerifier();
  SnsVerifier(const SnsVerifier&) = delete;
  SnsVerifier& operator=(const SnsVerifier&) = delete;

  bool url_allowed(std::string_view url) const;

  // True when the signing certificate comes from an allowed URL, chains to a
  // trusted CA, and its key verifies the signature (version 1: SHA1withRSA,
  // 2: SHA256withRSA). Certificates are cached by URL. Throws
  // agora::Unavailable when the certificate cannot be fetched.
  Task<bool> verify(const SnsMessage& m);

  // Visits SubscribeURL (allowed hosts only), which confirms the
  // subscription. Throws agora::Unavailable when that fails.
  Task<void> confirm_subscription(const SnsMessage& m);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace agora::email
