// Seed text: names valid for their columns, and the fast comment HTML equal
// to what the real Markdown renderer makes of the same text.
#include "app/seed_text.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "accounts/validation.hpp"
#include "content/markdown.hpp"

namespace agora::app::seeding {
namespace {

TEST(SeedText, UsernamesAndEmailsPassTheAccountRules) {
  Rng rng(3);
  std::set<std::string> lower;
  for (std::int64_t n : {1, 2, 99, 12345, 999'999'999}) {
    for (int i = 0; i < 50; ++i) {
      const auto name = username(rng, n + i);
      EXPECT_EQ(accounts::check_username(name), "") << name;
      EXPECT_EQ(accounts::check_email(name + "@example.com"), "") << name;
      lower.insert(accounts::lower_ascii(name));
    }
  }
  EXPECT_EQ(lower.size(), 250u) << "the number keeps names unique";
}

TEST(SeedText, CommunitySlugsNamesAndTagsFitTheirColumns) {
  const std::regex slug_re("^[a-z0-9][a-z0-9_-]{1,31}$"), tag_re("^[a-z0-9-]{1,32}$");
  std::set<std::string> slugs;
  for (std::int64_t n = 0; n < 5000; ++n) {
    const auto slug = community_slug(n);
    EXPECT_TRUE(std::regex_match(slug, slug_re)) << slug;
    slugs.insert(slug);
    EXPECT_FALSE(community_name(n).empty());
    EXPECT_LE(community_name(n).size(), 100u);
  }
  EXPECT_EQ(slugs.size(), 5000u);
  Rng rng(5);
  for (int i = 0; i < 200; ++i) {
    const auto tags = community_tags(rng);
    EXPECT_GE(tags.size(), 1u);
    EXPECT_LE(tags.size(), 8u);
    for (const auto& t : tags) EXPECT_TRUE(std::regex_match(t, tag_re)) << t;
  }
}

TEST(SeedText, TitlesAndBodiesStayWithinTheirLimits) {
  Rng rng(11);
  for (int i = 0; i < 2000; ++i) {
    const auto t = title(rng);
    EXPECT_GE(t.size(), 1u);
    EXPECT_LE(t.size(), 300u);
    EXPECT_LE(post_body(rng).size(), 40000u);
    const auto c = comment_body(rng);
    EXPECT_GE(c.size(), 1u);
    EXPECT_LE(c.size(), 10000u);
  }
}

TEST(SeedText, CommentHtmlIsExactlyWhatTheMarkdownRendererMakes) {
  Rng rng(17);
  for (int i = 0; i < 3000; ++i) {
    const auto body = i % 3 ? comment_body(rng) : paragraphs(rng, int(rng.between(1, 4)), 1, 5);
    ASSERT_EQ(paragraphs_html(body), content::render_markdown(body)) << body;
  }
}

TEST(SeedText, SameSeedSameText) {
  Rng a(42), b(42), c(43);
  const auto x = paragraphs(a, 3, 2, 4), y = paragraphs(b, 3, 2, 4), z = paragraphs(c, 3, 2, 4);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
}

}  // namespace
}  // namespace agora::app::seeding
