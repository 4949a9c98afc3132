#include "accounts/validation.hpp"

#include <gtest/gtest.h>

namespace agora::accounts {

TEST(Validation, Emails) {
  for (const char* ok : {"alice@example.com", "a.b+tag@sub.example.co", "x_y-z@mail-host.io", "O'Brien@ex.ie"})
    EXPECT_EQ(check_email(ok), "") << ok;
  for (const char* bad :
       {"", "alice", "alice@", "@example.com", "a@b", "a@@b.com", "a b@c.com", "a@-b.com", "a@b-.com", ".a@b.com",
        "a..b@c.com", "a@1.2.3.4", "a@exa mple.com", "a@b.c", "\xC3\xA9@b.com", "a@b.com\n"})
    EXPECT_NE(check_email(bad), "") << bad;
  EXPECT_NE(check_email(std::string(250, 'a') + "@b.com"), "");
  EXPECT_NE(check_email(std::string(65, 'a') + "@b.com"), "");
}

TEST(Validation, Usernames) {
  // Named: a temporary std::string in the range initializer dies before the
  // loop body runs, leaving its c_str() dangling (undefined behaviour; the
  // RelWithDebInfo build failed this test).
  const std::string longest(32, 'x');
  for (const char* ok : {"abc", "Alice_99", longest.c_str()}) EXPECT_EQ(check_username(ok), "") << ok;
  EXPECT_NE(check_username("ab"), "");
  EXPECT_NE(check_username(std::string(33, 'x')), "");
  EXPECT_NE(check_username("al ice"), "");
  EXPECT_NE(check_username("al-ice"), "");
  EXPECT_NE(check_username("\xC3\xA9lise"), "");
  EXPECT_NE(check_username("'; DROP TABLE users; --"), "");
  EXPECT_EQ(check_username("Admin"), "is reserved");
}

TEST(Validation, Passwords) {
  EXPECT_EQ(check_password("correct horse battery", "alice", "alice@example.com"), "");
  EXPECT_EQ(check_password("\xE2\x82\xAC\xE2\x82\xAC long phrase", "alice", "a@b.co"), "");  // € counts as one
  EXPECT_NE(check_password("short1!", "alice", "a@b.co"), "");
  EXPECT_NE(check_password("aaaaaaaaaaaa", "alice", "a@b.co"), "");  // repetitive
  // 2 distinct characters, though their UTF-8 bytes are 5 distinct values
  EXPECT_NE(check_password(
                "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC",
                "alice", "a@b.co"),
            "");
  EXPECT_NE(check_password("Password123", "alice", "a@b.co"), "");              // common
  EXPECT_NE(check_password("xx-alice-2024!", "Alice", "a@b.co"), "");           // contains username
  EXPECT_NE(check_password("my bob.smith pass", "zed", "bob.smith@x.io"), "");  // contains email local part
  EXPECT_NE(check_password(std::string(257, 'x') + "abcd", "alice", "a@b.co"), "");
  EXPECT_NE(check_password("bad\xFFutf8 password", "alice", "a@b.co"), "");
}

}  // namespace agora::accounts
