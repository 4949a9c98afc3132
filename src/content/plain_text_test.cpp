#include "content/plain_text.hpp"

#include <gtest/gtest.h>

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
