#include "email/templates.hpp"

#include <gtest/gtest.h>

namespace agora::email {
namespace {

Links links() { return Links("https://agora.example.com/"); }
constexpr const char* kUnsub = "https://agora.example.com/api/v1/email/unsubscribe?token=T";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Templates, HtmlEscape) {
  EXPECT_EQ(html_escape("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
}

TEST(Templates, LinksComeFromThePublicUrl) {
  EXPECT_EQ(links().post(7), "https://agora.example.com/p/7");
  EXPECT_EQ(links().comment(7, 9), "https://agora.example.com/p/7#comment-9");
  EXPECT_EQ(links().verify_email("a b&c"), "https://agora.example.com/verify-email?token=a%20b%26c");
}

TEST(Templates, VerificationHasTheLinkAndFooter) {
  const auto r = verification_email(links(), "ada", "tok_123", kUnsub);
  EXPECT_TRUE(has(r.text, "https://agora.example.com/verify-email?token=tok_123"));
  EXPECT_TRUE(has(r.html, "href=\"https://agora.example.com/verify-email?token=tok_123\""));
  EXPECT_TRUE(has(r.text, "this address was used to sign up"));
  EXPECT_TRUE(has(r.text, kUnsub));
  EXPECT_TRUE(has(r.html, "Unsubscribe</a>"));
}

TEST(Templates, PasswordResetSaysHowLong) {
  const auto r = password_reset_email(links(), "ada", "tok", 60, kUnsub);
  EXPECT_TRUE(has(r.text, "60 minutes"));
  EXPECT_TRUE(has(r.html, "https://agora.example.com/reset-password?token=tok"));
  EXPECT_TRUE(has(r.text, "asked to reset the password"));
}

TEST(Templates, NotificationEscapesUserText) {
  NotificationItem item{
      "reply", "<script>evil</script>", "cpp", "Title & \"quotes\"", "<img src=x onerror=alert(1)>", 12, 34};
  const auto r = notification_email(links(), "bob<b>", item, kUnsub);
  EXPECT_FALSE(has(r.html, "<script>"));
  EXPECT_FALSE(has(r.html, "<img"));
  EXPECT_FALSE(has(r.html, "bob<b>"));
  EXPECT_TRUE(has(r.html, "&lt;script&gt;evil&lt;/script&gt;"));
  EXPECT_TRUE(has(r.html, "Title &amp; &quot;quotes&quot;"));
  EXPECT_TRUE(has(r.html, "href=\"https://agora.example.com/p/12#comment-34\""));
  // The text part is text: it keeps the characters as written.
  EXPECT_TRUE(has(r.text, "<script>evil</script> replied to you"));
  EXPECT_TRUE(has(r.text, "someone replied to your post or comment"));
}

TEST(Templates, NotificationKindsAndSubjectIsOneLine) {
  NotificationItem mention{"mention", "ada", "cpp", "Two\r\nlines", "hi @bob", 1, 2};
  const auto m = notification_email(links(), "bob", mention, kUnsub);
  EXPECT_EQ(m.subject.find('\n'), std::string::npos);
  EXPECT_EQ(m.subject.find('\r'), std::string::npos);
  EXPECT_TRUE(has(m.text, "mentioned you"));
  NotificationItem post{"post", "ada", "rust", "New post", "body", 5, 0};
  const auto p = notification_email(links(), "bob", post, kUnsub);
  EXPECT_TRUE(has(p.subject, "posted \"New post\" in rust"));
  EXPECT_TRUE(has(p.text, "you follow the community rust"));
  EXPECT_TRUE(has(p.html, "href=\"https://agora.example.com/p/5\""));
}

TEST(Templates, DigestGroupsByCommunity) {
  std::vector<NotificationItem> items{{"reply", "ada", "cpp", "A", "", 1, 10},
                                      {"post", "cy", "rust", "B", "", 2, 0},
                                      {"mention", "dee", "cpp", "C", "", 3, 30}};
  const auto r = digest_email(links(), "bob", "weekly", items, kUnsub);
  EXPECT_EQ(r.subject, "Your weekly Agora digest: 3 updates");
  EXPECT_TRUE(has(r.text, "this week"));
  // cpp's two items come together, before rust.
  const auto cpp = r.text.find("\ncpp\n"), rust = r.text.find("\nrust\n");
  ASSERT_NE(cpp, std::string::npos);
  ASSERT_NE(rust, std::string::npos);
  EXPECT_LT(cpp, rust);
  EXPECT_LT(r.text.find("dee mentioned you"), rust);
  EXPECT_TRUE(has(r.html, ">cpp</h2>"));
  EXPECT_TRUE(has(r.html, "https://agora.example.com/p/3#comment-30"));
  EXPECT_TRUE(has(r.text, "weekly digest"));
  EXPECT_TRUE(has(r.text, kUnsub));
}

TEST(Templates, NoUnsubscribeLineWithoutUrl) {
  const auto r = verification_email(links(), "ada", "t", "");
  EXPECT_FALSE(has(r.text, "Unsubscribe"));
  EXPECT_FALSE(has(r.html, "Unsubscribe"));
}

}  // namespace
}  // namespace agora::email
