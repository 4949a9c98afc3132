#pragma once
// AWS Signature Version 4: every request to S3, SQS and STS (when signed) is
// signed here, either with an Authorization header or, for URLs handed to a
// browser, in the query string (presigned). Pure functions of their inputs
// (the time is a parameter), so AWS's published examples pin them in tests.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agora::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
};

// Who signs for what: the credential scope's region and service ("s3", "sqs").
struct Scope {
  std::string region;
  std::string service;
};

using Fields = std::vector<std::pair<std::string, std::string>>;

// A request as far as the signature covers it.
struct SignedRequest {
  std::string method;
  std::string host;  // as sent in Host: name[:port]
  // The path as sent on the wire (already percent-encoded by the caller).
  // S3 signs it as it is; every other service encodes it once more
  // (Scope::service decides, see canonical_uri).
  std::string path = "/";
  Fields query;                // decoded names and values; encoded and sorted when signed
  Fields headers;              // every header to sign except Host (added from `host`)
  std::string payload_sha256;  // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

// Primitives (OpenSSL).
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string to_hex(std::string_view bytes);

// RFC 3986 percent-encoding as SigV4 defines it: unreserved characters stay,
// everything else becomes %XX (upper case); '/' stays when keep_slash.
std::string uri_encode(std::string_view text, bool keep_slash);

// 20150830T123600Z
std::string amz_date(std::chrono::system_clock::time_point when);

std::string canonical_uri(std::string_view path, std::string_view service);
std::string canonical_query(const Fields& query);  // also what is sent on the wire
std::string canonical_request(const SignedRequest& request, std::string_view service);
std::string signed_header_names(const SignedRequest& request);
std::string credential_scope(std::string_view amz_date, const Scope& scope);
std::string string_to_sign(std::string_view amz_date, const Scope& scope, std::string_view canonical_request);
std::string signing_key(std::string_view secret, std::string_view date, const Scope& scope);  // raw bytes

// The Authorization header's value for a request whose headers already carry
// x-amz-date (= amz_date) and, with temporary credentials, x-amz-security-token.
std::string authorization(const SignedRequest& request, const Credentials& credentials, const Scope& scope,
                          std::string_view amz_date);

// Adds x-amz-date, x-amz-security-token (temporary credentials) and
// Authorization to request.headers.
void sign(SignedRequest& request, const Credentials& credentials, const Scope& scope,
          std::chrono::system_clock::time_point now);

// Query-string authentication: returns the whole query string to append after
// '?' (request.query plus X-Amz-Algorithm, -Credential, -Date, -Expires,
// -SignedHeaders, -Security-Token with temporary credentials, and
// -Signature). Every header in request.headers is bound to the signature, so
// the holder of the URL must send exactly those values. The payload is
// UNSIGNED-PAYLOAD.
std::string presign(const SignedRequest& request, const Credentials& credentials, const Scope& scope,
                    std::chrono::system_clock::time_point now, std::chrono::seconds expires);

}  // namespace agora::aws
