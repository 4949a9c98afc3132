#include "content/plain_text.hpp"

#include <gtest/gtest.h>

using agora::content::excerpt;
using agora::content::one_line;
using agora::content::plain_text;

TEST(PlainText, KeepsTheWordsAndDropsTheMarkup) {
  EXPECT_EQ(plain_text("# Title\n\n**Bold** and _it_ with `code`.\n"), "Title\n\nBold and it with code.");
  const auto link = plain_text("See [the manual](https://example.org/manual) and ![a cat](/media/x.png).");
  EXPECT_NE(link.find("the manual"), std::string::npos);
  EXPECT_NE(link.find("a cat"), std::string::npos);
  EXPECT_EQ(link.find("https://"), std::string::npos) << link;
  EXPECT_EQ(plain_text("<script>alert(1)</script>\n\nafter"), "after") << "raw HTML is not text";
  const auto table = plain_text("| a | b |\n|---|---|\n| one | two |\n");
  EXPECT_NE(table.find("one"), std::string::npos) << table;
  EXPECT_NE(table.find("two"), std::string::npos) << table;
  EXPECT_EQ(plain_text(""), "");
}

TEST(PlainText, OneLineFoldsEveryRunOfWhitespace) {
  EXPECT_EQ(one_line("  a\n\nb \t c\r\n"), "a b c");
  EXPECT_EQ(one_line(""), "");
  EXPECT_EQ(one_line(" \n "), "");
}

TEST(PlainText, ExcerptIsPlainOneLineAndCutAfterAWord) {
  EXPECT_EQ(excerpt("I am away **for two weeks**.\n\nFeed it [now](https://example.org)?"),
            "I am away for two weeks. Feed it now?");
  EXPECT_EQ(excerpt("one two three four", 12), "one two…");  // 11 characters with the ellipsis
  EXPECT_EQ(excerpt("one two three four", 18), "one two three four");
  // Characters, not bytes: é and 猫 count one each, and are never split.
  EXPECT_EQ(excerpt("été été été", 7), "été…");
  EXPECT_EQ(excerpt(std::string(30, 'x'), 10), std::string(9, 'x') + "…");  // one long word is cut inside
  EXPECT_EQ(excerpt("猫猫猫猫猫", 3), "猫猫…");
  EXPECT_EQ(excerpt(""), "");
}
