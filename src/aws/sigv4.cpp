#include "aws/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <stdexcept>

namespace agora::aws {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Header values are signed trimmed, with runs of spaces inside collapsed to
// one (the suite's get-header-value-trim): proxies may re-space them.
std::string normalize_value(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

struct CanonicalHeaders {
  std::string lines;  // "name:value\n" each
  std::string names;  // "a;b;c"
};

CanonicalHeaders canonical_headers(const SignedRequest& request) {
  std::vector<std::pair<std::string, std::string>> all;
  bool has_host = false;
  for (const auto& [name, value] : request.headers) {
    all.emplace_back(lower(name), normalize_value(value));
    has_host = has_host || all.back().first == "host";
  }
  if (!has_host) all.emplace_back("host", request.host);
  // Stable: repeated headers keep the order they were given in.
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  CanonicalHeaders out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i > 0 && all[i].first == all[i - 1].first) {
      out.lines.pop_back();  // the newline: a repeated header joins the line before
      out.lines += "," + all[i].second + "\n";
      continue;
    }
    out.lines += all[i].first + ":" + all[i].second + "\n";
    if (!out.names.empty()) out.names += ';';
    out.names += all[i].first;
  }
  return out;
}

std::string date_part(std::string_view amz_date) { return std::string(amz_date.substr(0, 8)); }

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return to_hex(std::string_view(reinterpret_cast<const char*>(digest), size));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
            mac, &size))
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(mac), size);
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += char(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

std::string amz_date(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  if (std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm) == 0) throw std::runtime_error("cannot format a date");
  return buf;
}

std::string canonical_uri(std::string_view path, std::string_view service) {
  if (path.empty()) return "/";
  // S3 signs the path as sent; the other services sign it encoded again.
  if (service == "s3") return std::string(path);
  return uri_encode(path, true);
}

std::string canonical_query(const Fields& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) encoded.emplace_back(uri_encode(name, false), uri_encode(value, false));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string signed_header_names(const SignedRequest& request) { return canonical_headers(request).names; }

std::string canonical_request(const SignedRequest& request, std::string_view service) {
  const CanonicalHeaders headers = canonical_headers(request);
  return request.method + "\n" + canonical_uri(request.path, service) + "\n" + canonical_query(request.query) + "\n" +
         headers.lines + "\n" + headers.names + "\n" + request.payload_sha256;
}

std::string credential_scope(std::string_view amz_date, const Scope& scope) {
  return date_part(amz_date) + "/" + scope.region + "/" + scope.service + "/aws4_request";
}

std::string string_to_sign(std::string_view amz_date, const Scope& scope, std::string_view canonical_request) {
  return std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" + credential_scope(amz_date, scope) + "\n" +
         sha256_hex(canonical_request);
}

std::string signing_key(std::string_view secret, std::string_view date, const Scope& scope) {
  const std::string k_date = hmac_sha256("AWS4" + std::string(secret), date);
  const std::string k_region = hmac_sha256(k_date, scope.region);
  const std::string k_service = hmac_sha256(k_region, scope.service);
  return hmac_sha256(k_service, "aws4_request");
}

std::string authorization(const SignedRequest& request, const Credentials& credentials, const Scope& scope,
                          std::string_view amz_date) {
  const std::string to_sign = string_to_sign(amz_date, scope, canonical_request(request, scope.service));
  const std::string key = signing_key(credentials.secret_access_key, date_part(amz_date), scope);
  return std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
         credential_scope(amz_date, scope) + ", SignedHeaders=" + signed_header_names(request) +
         ", Signature=" + to_hex(hmac_sha256(key, to_sign));
}

void sign(SignedRequest& request, const Credentials& credentials, const Scope& scope,
          std::chrono::system_clock::time_point now) {
  const std::string date = amz_date(now);
  request.headers.emplace_back("x-amz-date", date);
  if (!credentials.session_token.empty())
    request.headers.emplace_back("x-amz-security-token", credentials.session_token);
  std::string auth = authorization(request, credentials, scope, date);
  request.headers.emplace_back("Authorization", std::move(auth));
}

std::string presign(const SignedRequest& request, const Credentials& credentials, const Scope& scope,
                    std::chrono::system_clock::time_point now, std::chrono::seconds expires) {
  const std::string date = amz_date(now);
  SignedRequest r = request;
  r.payload_sha256 = std::string(kUnsignedPayload);
  r.query.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
  r.query.emplace_back("X-Amz-Credential", credentials.access_key_id + "/" + credential_scope(date, scope));
  r.query.emplace_back("X-Amz-Date", date);
  r.query.emplace_back("X-Amz-Expires", std::to_string(expires.count()));
  r.query.emplace_back("X-Amz-SignedHeaders", signed_header_names(r));
  if (!credentials.session_token.empty()) r.query.emplace_back("X-Amz-Security-Token", credentials.session_token);
  const std::string to_sign = string_to_sign(date, scope, canonical_request(r, scope.service));
  const std::string key = signing_key(credentials.secret_access_key, date_part(date), scope);
  return canonical_query(r.query) + "&X-Amz-Signature=" + to_hex(hmac_sha256(key, to_sign));
}

}  // namespace agora::aws
