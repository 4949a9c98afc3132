#include "core/utf8.hpp"

#include <gtest/gtest.h>

namespace agora::utf8 {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(valid(""));
  EXPECT_TRUE(valid("plain ascii"));
  EXPECT_TRUE(valid("h\xC3\xA9llo"));      // é
  EXPECT_TRUE(valid("\xE2\x82\xAC"));      // €
  EXPECT_TRUE(valid("\xF0\x9F\x98\x80"));  // 😀
  EXPECT_TRUE(valid("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(valid("\xC3"));              // truncated
  EXPECT_FALSE(valid("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(valid("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(valid("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(valid("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(valid("\xFF"));
  EXPECT_FALSE(valid("ok\x80"));  // stray continuation byte
}

TEST(Utf8, CountsCodePoints) {
  EXPECT_EQ(length("abc"), 3u);
  EXPECT_EQ(length("h\xC3\xA9llo"), 5u);
  EXPECT_EQ(length("\xF0\x9F\x98\x80\xF0\x9F\x98\x80"), 2u);
}

}  // namespace agora::utf8
