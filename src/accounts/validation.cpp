#include "accounts/validation.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "core/utf8.hpp"

namespace agora::accounts {
namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// RFC 5322 "atext" without quoted strings or comments: what real addresses use.
bool is_local_char(char c) {
  static constexpr std::string_view extra = "!#$%&'*+/=?^_`{|}~-.";
  return is_alnum(c) || extra.find(c) != std::string_view::npos;
}

bool valid_domain(std::string_view d) {
  if (d.empty() || d.size() > 253 || d.find('.') == std::string_view::npos) return false;
  std::size_t start = 0;
  std::string_view last;
  while (start <= d.size()) {
    const std::size_t dot = std::min(d.find('.', start), d.size());
    const std::string_view label = d.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(), [](char c) { return is_alnum(c) || c == '-'; })) return false;
    last = label;
    start = dot + 1;
  }
  // A top-level domain is never all digits ("1.2.3.4" is not a mail domain).
  return last.size() >= 2 && !std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The passwords most often found in breaches; a demanding minimum, not a list
// of everything (a k-anonymity breach check belongs to the email/integrations work).
const std::set<std::string>& common_passwords() {
  static const std::set<std::string> list = {"1234567890",   "12345678910",
                                             "123456789a",   "1q2w3e4r5t",
                                             "qwertyuiop",   "password12",
                                             "password123",  "password1234",
                                             "iloveyou12",   "1qaz2wsx3edc",
                                             "qwerty1234",   "qwerty12345",
                                             "abcdefghij",   "0987654321",
                                             "1111111111",   "a123456789",
                                             "passw0rd123",  "letmein123",
                                             "welcome123",   "administrator",
                                             "changeme123",  "football123",
                                             "baseball123",  "monkey12345",
                                             "dragon12345",  "sunshine123",
                                             "princess123",  "qazwsxedc123",
                                             "zaq12wsxcde",  "trustno1234",
                                             "superman123",  "michael1234",
                                             "starwars123",  "whatever123",
                                             "1234qwerasdf", "asdfghjkl1",
                                             "zxcvbnm123",   "correcthorsebatterystaple"};
  return list;
}

}  // namespace

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

std::string check_email(std::string_view email) {
  if (email.empty()) return "is required";
  if (email.size() > kMaxEmailBytes) return "is too long (at most 254 characters)";
  const auto at = email.rfind('@');
  if (at == std::string_view::npos || email.find('@') != at) return "must look like name@example.com";
  const auto local = email.substr(0, at), domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64) return "must have 1 to 64 characters before the @";
  if (!std::all_of(local.begin(), local.end(), is_local_char) || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos)
    return "has characters that are not allowed before the @";
  if (!valid_domain(domain)) return "must end with a valid domain such as example.com (use punycode for IDNs)";
  return {};
}

std::string check_username(std::string_view username) {
  if (username.size() < kMinUsername || username.size() > kMaxUsername) return "must be 3 to 32 characters long";
  if (!std::all_of(username.begin(), username.end(), [](char c) { return is_alnum(c) || c == '_'; }))
    return "may contain only letters a-z, digits and underscores";
  static const std::array<std::string_view, 12> reserved = {"admin", "administrator", "root",      "system",
                                                            "agora", "support",       "moderator", "me",
                                                            "api",   "null",          "staff",     "security"};
  const std::string lower = lower_ascii(username);
  if (std::find(reserved.begin(), reserved.end(), lower) != reserved.end()) return "is reserved";
  return {};
}

std::string check_password(std::string_view password, std::string_view username, std::string_view email) {
  if (!utf8::valid(password)) return "must be valid UTF-8 text";
  const std::size_t length = utf8::length(password);
  if (length < kMinPassword) return "must be at least 10 characters long";
  if (length > kMaxPassword) return "must be at most 256 characters long";
  std::set<std::string_view> distinct;  // characters, not bytes
  for (std::size_t i = 0; i < password.size();) {
    const std::size_t n = utf8::sequence_length(password, i);
    distinct.insert(password.substr(i, n));
    i += n;
  }
  if (distinct.size() < 5) return "is too repetitive: use at least 5 different characters";
  const std::string lower = lower_ascii(password);
  if (common_passwords().count(lower)) return "is one of the most common passwords";
  const std::string user = lower_ascii(username);
  if (user.size() >= 3 && lower.find(user) != std::string::npos) return "must not contain the username";
  const std::string local = lower_ascii(email.substr(0, email.find('@')));
  if (local.size() >= 3 && lower.find(local) != std::string::npos) return "must not contain the email address";
  return {};
}

}  // namespace agora::accounts
