#include "accounts/password.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"

namespace agora::accounts {

constexpr HashCost kCheap{1, 8u << 20};  // fast for tests; production uses the config

TEST(Password, HashesWithArgon2idAndVerifies) {
  crypto::init();
  const auto h = hash_password("correct horse battery", kCheap);
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u) << h;
  EXPECT_TRUE(verify_password(h, "correct horse battery"));
  EXPECT_FALSE(verify_password(h, "correct horse batterz"));
  EXPECT_FALSE(verify_password("not a hash", "x"));
}

TEST(Password, SaltsEveryHash) {
  crypto::init();
  EXPECT_NE(hash_password("same password!", kCheap), hash_password("same password!", kCheap));
}

TEST(Password, DetectsOutdatedParameters) {
  crypto::init();
  const auto h = hash_password("some password", kCheap);
  EXPECT_FALSE(needs_rehash(h, kCheap));
  EXPECT_TRUE(needs_rehash(h, HashCost{2, 16u << 20}));
}

}  // namespace agora::accounts
