#include "core/json_text.hpp"

#include <gtest/gtest.h>

namespace agora::json_text {

TEST(JsonText, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(quote("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(quote("line\nnext\ttab"), R"("line\nnext\ttab")");
  EXPECT_EQ(quote(std::string_view("\x01\x7f", 2)), R"("\u0001\u007f")");
}

TEST(JsonText, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(quote("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
  EXPECT_EQ(quote("bad\xFFx"), "\"bad\xEF\xBF\xBDx\"");
}

}  // namespace agora::json_text
