// `agora seed` argument parsing: defaults, both flag spellings, and a clear
// usage error for anything else.
#include "app/seed_options.hpp"

#include <gtest/gtest.h>

#include "accounts/validation.hpp"

namespace agora::app {
namespace {

std::string error_of(const std::vector<std::string>& args) {
  try {
    parse_seed_options(args);
  } catch (const SeedUsageError& e) {
    return e.what();
  }
  return {};
}

TEST(SeedOptions, DefaultsAreASmallDemoAndVotesFollowContent) {
  const auto o = parse_seed_options({});
  EXPECT_EQ(o.users, 1000);
  EXPECT_EQ(o.resolved_votes(), o.posts + o.comments);
  EXPECT_EQ(o.password, kDefaultSeedPassword);
  EXPECT_FALSE(o.help);
}

TEST(SeedOptions, ReadsEveryFlagInBothSpellings) {
  const auto o = parse_seed_options({"--users", "10000", "--communities=200", "--posts", "100000", "--comments=1000000",
                                     "--votes", "0", "--password", "another long secret", "--random-seed=7"});
  EXPECT_EQ(o.users, 10000);
  EXPECT_EQ(o.communities, 200);
  EXPECT_EQ(o.posts, 100000);
  EXPECT_EQ(o.comments, 1000000);
  EXPECT_EQ(o.resolved_votes(), 0);
  EXPECT_EQ(o.password, "another long secret");
  EXPECT_EQ(o.random_seed, 7u);
  EXPECT_TRUE(parse_seed_options({"--help"}).help);
}

TEST(SeedOptions, BadArgumentsAreUsageErrorsNamingTheArgument) {
  EXPECT_NE(error_of({"--users"}).find("--users needs a value"), std::string::npos);
  EXPECT_NE(error_of({"--users", "ten"}).find("'ten'"), std::string::npos);
  EXPECT_NE(error_of({"--posts", "-5"}).find("--posts"), std::string::npos);
  EXPECT_NE(error_of({"--posts", "5x"}).find("--posts"), std::string::npos);
  EXPECT_NE(error_of({"--comments", "999999999999"}).find("--comments"), std::string::npos);
  EXPECT_NE(error_of({"--user", "5"}).find("unknown option '--user'"), std::string::npos);
  EXPECT_NE(error_of({"extra"}).find("unknown option 'extra'"), std::string::npos);
  EXPECT_NE(error_of({"--users", "0"}).find("at least 1"), std::string::npos);
  EXPECT_NE(error_of({"--communities", "0"}).find("--posts needs"), std::string::npos);
  EXPECT_NE(error_of({"--posts", "0"}).find("--comments needs"), std::string::npos);
  EXPECT_EQ(error_of({"--posts", "0", "--comments", "0"}), "");
}

TEST(SeedOptions, TheDefaultPasswordPassesTheSignupRules) {
  EXPECT_EQ(accounts::check_password(kDefaultSeedPassword, "brave_otter_1", "brave_otter_1@example.com"), "");
}

}  // namespace
}  // namespace agora::app
