#include "content/rules.hpp"

#include <gtest/gtest.h>

namespace agora::content {
namespace {

// Text one user shows another: names, titles, bodies (issue 10: a display
// name with U+202E made "evil\u202Egnp.exe" read as another name).
TEST(HostileText, BidiOverridesAndControlsAreRefused) {
  for (const char* bad : {"ad\u202Emin", "a\u202Ab", "a\u202Bb", "a\u202Cb", "a\u202Db", "a\u2066b", "a\u2067b",
                          "a\u2068b", "a\u2069b", "bell\x07", "esc\x1b[31m", "nul\x01", "del\x7f", "c1\u0085"}) {
    EXPECT_NE(plain_text_problem(bad, /*multiline=*/true), "") << bad;
    EXPECT_NE(plain_text_problem(bad, /*multiline=*/false), "") << bad;
  }
}

TEST(HostileText, LinesRefuseBreaksAndDirectionMarksBodiesKeepThem) {
  for (const char* s : {"two\nlines", "tab\there", "cr\rlf", "mark\u200Ehere", "rlm\u200F", "alm\u061C"})
    EXPECT_NE(plain_text_problem(s, /*multiline=*/false), "") << s;
  for (const char* s : {"two\nlines", "tab\there", "crlf\r\n"}) EXPECT_EQ(plain_text_problem(s, true), "") << s;
}

TEST(HostileText, EverydayTextPasses) {
  for (const char* s : {"Grüße aus Köln", "日本語のタイトル", "مرحبا بالعالم", "שלום",
                        "emoji 👩‍👩‍👧 family (ZWJ)", "a \u00A0non-breaking space", "quotes “like this”"}) {
    EXPECT_EQ(plain_text_problem(s, false), "") << s;
    EXPECT_EQ(plain_text_problem(s, true), "") << s;
  }
}

TEST(HostileText, FieldRulesNameTheField) {
  FieldRules rules;
  rules.line("title", std::string("evil\u202Etxt.exe"), 1, 300).text("body", std::string("fine\nbody"), 0, 100);
  try {
    rules.enforce();
    ADD_FAILURE() << "no 422";
  } catch (const Problem& p) {
    EXPECT_EQ(p.status(), 422);
    ASSERT_EQ(p.errors().size(), 1u);
    EXPECT_EQ(p.errors()[0].field, "title");
  }
}

}  // namespace
}  // namespace agora::content
