#include "ai/nfkc.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "ai/codepoints.hpp"

namespace agora::ai {
namespace {

std::string nfkc8(const std::string& s) { return to_utf8(nfkc(to_code_points(s))); }

TEST(Nfkc, LeavesAsciiAlone) {
  EXPECT_EQ(nfkc8("Hello, world! 123 ~"), "Hello, world! 123 ~");
  EXPECT_EQ(nfkc8(""), "");
}

TEST(Nfkc, FoldsCompatibilityForms) {
  EXPECT_EQ(nfkc8("\uFB01ne"), "fine");               // ligature
  EXPECT_EQ(nfkc8("\uFF21\uFF22\uFF23"), "ABC");      // full width
  EXPECT_EQ(nfkc8("x\u00B2 \u00BD"), "x2 1\u20442");  // superscript, vulgar fraction
  EXPECT_EQ(nfkc8("a\u00A0b\u3000c"), "a b c");       // no-break and ideographic spaces
  EXPECT_EQ(nfkc8("\u2026"), "...");                  // ellipsis
}

TEST(Nfkc, ComposesAndOrdersMarks) {
  EXPECT_EQ(nfkc8("e\u0301"), "\u00E9");
  EXPECT_EQ(nfkc8("a\u0323\u0302"), "\u1EAD");       // below (220) before above (230): one composite
  EXPECT_EQ(nfkc8("a\u0302\u0323"), "\u1EAD");       // the same after canonical ordering
  EXPECT_EQ(nfkc8("\u1100\u1161\u11A8"), "\uAC01");  // Hangul jamo compose by arithmetic
  EXPECT_EQ(nfkc8("\u0301a"), "\u0301a");            // a leading mark has nothing to compose with
  EXPECT_EQ(nfkc8("\u212B"), "\u00C5");              // singleton: the angstrom sign
}

// The reference's own normalize() on harder cases (tests/ai/golden.mjs).
TEST(Nfkc, AgreesWithTheReferenceRuntime) {
  std::ifstream in(std::string(AGORA_SOURCE_DIR) + "/tests/ai/golden.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto cases = boost::json::parse(text.str()).at("nfkc").as_array();
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    const auto input = boost::json::value_to<std::string>(c.at("input"));
    EXPECT_EQ(nfkc8(input), boost::json::value_to<std::string>(c.at("output"))) << input;
  }
}

TEST(CodePoints, ReplaceIllFormedBytes) {
  EXPECT_EQ(to_code_points("a\xFF"
                           "b\xC3"),
            U"a\uFFFDb\uFFFD");
  EXPECT_EQ(to_utf8(to_code_points("h\u00E9llo \U0001F600")), "h\u00E9llo \U0001F600");
}

}  // namespace
}  // namespace agora::ai
