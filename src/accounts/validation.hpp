#pragma once
// Field rules for accounts. Pure functions: each returns an empty string when
// the value is acceptable, else a message a person can act on.
#include <string>
#include <string_view>

namespace agora::accounts {

constexpr std::size_t kMaxEmailBytes = 254;  // RFC 5321 path limit
constexpr std::size_t kMinUsername = 3, kMaxUsername = 32;
constexpr std::size_t kMinPassword = 10, kMaxPassword = 256;  // code points

std::string check_email(std::string_view email);
std::string check_username(std::string_view username);
// Also refuses passwords built from the username or the email's local part.
std::string check_password(std::string_view password, std::string_view username, std::string_view email);

std::string lower_ascii(std::string_view s);

}  // namespace agora::accounts
