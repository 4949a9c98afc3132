#include "content/write_limits.hpp"

#include <gtest/gtest.h>

#include <ctime>

using agora::content::is_new_account;

namespace {
std::string rfc3339(std::time_t t) {
  char buf[40];
  std::tm tm{};
  gmtime_r(&t, &tm);
  // strftime gives 0 when the stamp does not fit: "" then, which is not a time.
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000000Z", &tm);
  return std::string(buf, n);
}
}  // namespace

TEST(WriteLimits, AccountAge) {
  const auto now = std::time(nullptr);
  EXPECT_TRUE(is_new_account(rfc3339(now - 3600), 72));
  EXPECT_FALSE(is_new_account(rfc3339(now - std::time_t{73} * 3600), 72));
  EXPECT_FALSE(is_new_account(rfc3339(now - 10), 0));
  EXPECT_TRUE(is_new_account("not a time", 72));
}
