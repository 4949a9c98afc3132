#include "content/mentions.hpp"

#include <gtest/gtest.h>

using agora::content::mentions;
using V = std::vector<std::string>;

TEST(Mentions, FindsDistinctNamesInOrder) {
  EXPECT_EQ(mentions("hi @Alice and @bob_2, also @alice!"), (V{"alice", "bob_2"}));
  EXPECT_EQ(mentions("(@carol)\n@dave: yes"), (V{"carol", "dave"}));
}

TEST(Mentions, IgnoresEmailsCodeAndShortNames) {
  EXPECT_TRUE(mentions("mail a@example.org or x.y@host").empty());
  EXPECT_TRUE(mentions("`@alice` in code").empty());
  EXPECT_TRUE(mentions("```\n@alice\n```\n").empty());
  EXPECT_TRUE(mentions("    @alice indented code").empty());
  EXPECT_TRUE(mentions("@ab is too short").empty());
  EXPECT_EQ(mentions("```\ncode\n```\nthen @erin"), (V{"erin"}));
}

TEST(Mentions, CapsTheCount) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "@user" + std::to_string(i) + " ";
  EXPECT_EQ(mentions(text).size(), 10u);
  EXPECT_EQ(mentions(text, 3), (V{"user0", "user1", "user2"}));
}
