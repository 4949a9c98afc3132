#include "email/unsubscribe.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"

namespace agora::email {
namespace {

std::string key() { return std::string(32, 'k'); }
std::string other_key() { return std::string(32, 'o'); }

TEST(UnsubscribeToken, RoundTrip) {
  crypto::init();
  for (auto c : {Category::replies, Category::mentions, Category::activity, Category::all}) {
    const UnsubscribeClaims claims{123456789012, c, 20'000};
    const auto token = make_unsubscribe_token(key(), claims);
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << token;
    EXPECT_EQ(verify_unsubscribe_token(key(), token), claims);
  }
}

TEST(UnsubscribeToken, AnotherKeyIsRefused) {
  crypto::init();
  const auto token = make_unsubscribe_token(key(), {1, Category::all, 1});
  EXPECT_FALSE(verify_unsubscribe_token(other_key(), token));
}

TEST(UnsubscribeToken, AnyTamperingIsRefused) {
  crypto::init();
  const auto token = make_unsubscribe_token(key(), {7, Category::replies, 19'000});
  for (std::size_t i = 0; i < token.size(); ++i) {
    auto t = token;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verify_unsubscribe_token(key(), t)) << "changed position " << i;
  }
  EXPECT_FALSE(verify_unsubscribe_token(key(), token.substr(0, token.size() - 1)));
  EXPECT_FALSE(verify_unsubscribe_token(key(), token + "A"));
  EXPECT_FALSE(verify_unsubscribe_token(key(), ""));
  EXPECT_FALSE(verify_unsubscribe_token(key(), "not base64!"));
  // A valid token of user 7 cannot be turned into one of user 8 by editing the payload bytes.
  const auto other = make_unsubscribe_token(key(), {8, Category::replies, 19'000});
  EXPECT_FALSE(verify_unsubscribe_token(key(), other.substr(0, 19) + token.substr(19)));
}

TEST(UnsubscribeToken, Categories) {
  EXPECT_EQ(category_from("mentions"), Category::mentions);
  EXPECT_FALSE(category_from("everything"));
  EXPECT_EQ(category_name(Category::activity), "activity");
}

TEST(UnsubscribeHeaders, OneClick) {
  const auto h = list_unsubscribe_headers("https://agora.example.com/", "TOKEN");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].first, "List-Unsubscribe");
  EXPECT_EQ(h[0].second, "<https://agora.example.com/api/v1/email/unsubscribe?token=TOKEN>");
  EXPECT_EQ(h[1].first, "List-Unsubscribe-Post");
  EXPECT_EQ(h[1].second, "List-Unsubscribe=One-Click");
}

}  // namespace
}  // namespace agora::email
