#include "core/crypto.hpp"

#include <gtest/gtest.h>

using namespace agora;

TEST(Hex, RoundTripsEveryByteAndRefusesWhatIsNotHex) {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(char(b));
  const auto hex = crypto::to_hex(all);
  EXPECT_EQ(hex.substr(0, 8), "00010203");
  EXPECT_EQ(hex.substr(hex.size() - 4), "feff");
  EXPECT_EQ(crypto::from_hex(hex), all);
  EXPECT_EQ(crypto::from_hex("ABcd"), std::string("\xab\xcd"));
  EXPECT_EQ(crypto::from_hex(""), std::string());
  for (const char* bad : {"abc", "zz", "00 11", "0x10", "ab\n"}) EXPECT_FALSE(crypto::from_hex(bad)) << bad;
}
