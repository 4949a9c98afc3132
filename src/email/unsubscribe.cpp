#include "email/unsubscribe.hpp"

#include <sodium.h>

#include <array>
#include <chrono>

#include "core/crypto.hpp"

namespace agora::email {
namespace {

constexpr std::string_view kSecretName = "unsubscribe";
// Domain separation: this key signs nothing else, but if it ever does, a
// token of one kind cannot pass as another.
constexpr std::string_view kContext = "agora-unsubscribe-v1";
constexpr unsigned char kVersion = 1;
constexpr std::size_t kPayloadBytes = 1 + 8 + 1 + 4;
constexpr std::size_t kMacBytes = crypto_auth_hmacsha256_BYTES;

using Payload = std::array<unsigned char, kPayloadBytes>;
using Mac = std::array<unsigned char, kMacBytes>;
using Token = std::array<unsigned char, kPayloadBytes + kMacBytes>;

std::string encode_token(const Token& all) {
  std::string out(sodium_base64_ENCODED_LEN(all.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), all.data(), all.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.pop_back();  // the terminating NUL
  return out;
}

Payload encode(const UnsubscribeClaims& c) {
  Payload p{};
  p[0] = kVersion;
  const auto user = static_cast<std::uint64_t>(c.user_id);
  for (std::size_t i = 0; i < 8; ++i) p[1 + i] = static_cast<unsigned char>(user >> (56 - 8 * i));
  p[9] = static_cast<unsigned char>(c.category);
  const auto day = static_cast<std::uint32_t>(c.issued_day);
  for (std::size_t i = 0; i < 4; ++i) p[10 + i] = static_cast<unsigned char>(day >> (24 - 8 * i));
  return p;
}

Mac mac_of(std::string_view key, const Payload& p) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(kContext.data()), kContext.size());
  crypto_auth_hmacsha256_update(&st, p.data(), p.size());
  Mac m{};
  crypto_auth_hmacsha256_final(&st, m.data());
  return m;
}

Task<std::optional<std::string>> stored_key(db::Queryable& db) {
  auto r = co_await db.query("SELECT encode(secret, 'hex') FROM site_secrets WHERE name = $1",
                             db::Params(std::string(kSecretName)));
  if (r.empty()) co_return std::nullopt;
  auto key = crypto::from_hex(r.text(0, 0));
  if (!key) throw std::runtime_error("site_secrets holds a malformed secret");
  co_return *key;
}

}  // namespace

std::optional<Category> category_from(std::string_view name) {
  if (name == "replies") return Category::replies;
  if (name == "mentions") return Category::mentions;
  if (name == "activity") return Category::activity;
  if (name == "all") return Category::all;
  return std::nullopt;
}

std::string_view category_name(Category c) {
  switch (c) {
    case Category::replies:
      return "replies";
    case Category::mentions:
      return "mentions";
    case Category::activity:
      return "activity";
    case Category::all:
      return "all";
  }
  return "all";
}

std::string make_unsubscribe_token(std::string_view key, const UnsubscribeClaims& claims) {
  const auto p = encode(claims);
  const auto m = mac_of(key, p);
  Token all{};
  std::copy(p.begin(), p.end(), all.begin());
  std::copy(m.begin(), m.end(), all.begin() + kPayloadBytes);
  return encode_token(all);
}

std::optional<UnsubscribeClaims> verify_unsubscribe_token(std::string_view key, std::string_view token) {
  Token all{};
  std::size_t len = 0;
  const char* end = nullptr;
  if (token.size() > 128 ||
      sodium_base642bin(all.data(), all.size(), token.data(), token.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      len != all.size() || end != token.data() + token.size())
    return std::nullopt;
  Payload p{};
  std::copy(all.begin(), all.begin() + kPayloadBytes, p.begin());
  // One spelling per token: the last base64 character has two spare bits,
  // and a token that differs from ours in them is not one we issued.
  if (encode_token(all) != token) return std::nullopt;
  const auto expected = mac_of(key, p);
  if (crypto_verify_32(expected.data(), all.data() + kPayloadBytes) != 0) return std::nullopt;
  if (p[0] != kVersion || p[9] > static_cast<unsigned char>(Category::all)) return std::nullopt;
  UnsubscribeClaims c;
  std::uint64_t user = 0;
  for (std::size_t i = 0; i < 8; ++i) user = (user << 8) | p[1 + i];
  std::uint32_t day = 0;
  for (std::size_t i = 0; i < 4; ++i) day = (day << 8) | p[10 + i];
  c.user_id = static_cast<std::int64_t>(user);
  c.category = static_cast<Category>(p[9]);
  c.issued_day = static_cast<std::int32_t>(day);
  return c;
}

Task<std::string> unsubscribe_key(db::Queryable& db) {
  if (auto key = co_await stored_key(db)) co_return *key;
  std::array<unsigned char, 32> fresh{};
  randombytes_buf(fresh.data(), fresh.size());
  co_await db.query(
      "INSERT INTO site_secrets (name, secret) VALUES ($1, decode($2, 'hex')) ON CONFLICT DO NOTHING",
      db::Params(std::string(kSecretName),
                 crypto::to_hex(std::string_view(reinterpret_cast<const char*>(fresh.data()), fresh.size()))));
  // Whichever replica's insert won: read it back rather than use our own.
  auto key = co_await stored_key(db);
  if (!key) throw std::runtime_error("the unsubscribe key vanished right after it was created");
  co_return *key;
}

Task<std::string> unsubscribe_token(db::Queryable& db, std::int64_t user_id, Category category) {
  const auto key = co_await unsubscribe_key(db);
  co_return make_unsubscribe_token(key, {user_id, category, today_utc()});
}

std::string unsubscribe_url(std::string_view public_url, std::string_view token) {
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  // base64url needs no percent-encoding in a query.
  return base + "/api/v1/email/unsubscribe?token=" + std::string(token);
}

std::vector<std::pair<std::string, std::string>> list_unsubscribe_headers(std::string_view public_url,
                                                                          std::string_view token) {
  return {{"List-Unsubscribe", "<" + unsubscribe_url(public_url, token) + ">"},
          {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
}

std::int32_t today_utc() {
  using namespace std::chrono;
  return static_cast<std::int32_t>(duration_cast<days>(system_clock::now().time_since_epoch()).count());
}

}  // namespace agora::email
