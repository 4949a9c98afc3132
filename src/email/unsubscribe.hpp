#pragma once
// Signed unsubscribe tokens (RFC 8058 one-click): HMAC-SHA256 over the user,
// the category and the day the token was issued, with a key every replica
// shares from `site_secrets`. The token alone authorizes turning mail off,
// so no session or CSRF token is needed, and nothing is stored per token.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/db.hpp"

namespace agora::email {

enum class Category { replies, mentions, activity, all };

std::optional<Category> category_from(std::string_view name);
std::string_view category_name(Category c);

struct UnsubscribeClaims {
  std::int64_t user_id = 0;
  Category category = Category::all;
  std::int32_t issued_day = 0;  // days since 1970-01-01 (UTC)

  bool operator==(const UnsubscribeClaims&) const = default;
};

// base64url without padding; `key` is the raw secret (32 bytes or more).
std::string make_unsubscribe_token(std::string_view key, const UnsubscribeClaims& claims);
// The claims when `token` was made with `key` and is intact; nullopt for
// anything else (wrong key, tampered, truncated, not base64url). The MAC is
// compared in constant time.
std::optional<UnsubscribeClaims> verify_unsubscribe_token(std::string_view key, std::string_view token);

// The shared key, created on first use: every replica inserts a random one
// and keeps whichever row won (INSERT … ON CONFLICT DO NOTHING, then SELECT).
Task<std::string> unsubscribe_key(db::Queryable& db);
// A token for `user_id` and `category` issued today.
Task<std::string> unsubscribe_token(db::Queryable& db, std::int64_t user_id, Category category);

// {public_url}/api/v1/email/unsubscribe?token=…
std::string unsubscribe_url(std::string_view public_url, std::string_view token);
// List-Unsubscribe: <url> and List-Unsubscribe-Post: List-Unsubscribe=One-Click.
std::vector<std::pair<std::string, std::string>> list_unsubscribe_headers(std::string_view public_url,
                                                                          std::string_view token);

std::int32_t today_utc();

}  // namespace agora::email
