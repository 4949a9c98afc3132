#include "content/markdown.hpp"

#include <gtest/gtest.h>

using agora::content::render_markdown;

TEST(Markdown, RendersCommonMarkAndGfm) {
  EXPECT_EQ(render_markdown("**bold** and _em_"), "<p><strong>bold</strong> and <em>em</em></p>\n");
  EXPECT_NE(render_markdown("~~gone~~").find("<del>gone</del>"), std::string::npos);
  EXPECT_NE(render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n").find("<table>"), std::string::npos);
  EXPECT_NE(render_markdown("see https://example.org now").find("<a href=\"https://example.org\">"), std::string::npos);
}

TEST(Markdown, DropsRawHtml) {
  const auto html = render_markdown("hi <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<div>x</div>");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("onerror"), std::string::npos);
  EXPECT_EQ(html.find("<div"), std::string::npos);
}

TEST(Markdown, EmptiesDangerousLinks) {
  for (const char* md :
       {"[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](vbscript:msgbox)", "[x](file:///etc/passwd)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)", "![x](javascript:alert(1))"}) {
    const auto html = render_markdown(md);
    EXPECT_EQ(html.find("script:"), std::string::npos) << md << " -> " << html;
    EXPECT_EQ(html.find("file:"), std::string::npos) << md << " -> " << html;
    EXPECT_EQ(html.find("data:text"), std::string::npos) << md << " -> " << html;
  }
  EXPECT_NE(render_markdown("[ok](https://example.org/a?b=1)").find("href=\"https://example.org/a?b=1\""),
            std::string::npos);
}

TEST(Markdown, EscapesTextAndSurvivesHostileInput) {
  EXPECT_NE(render_markdown("a < b & \"c\"").find("a &lt; b &amp; &quot;c&quot;"), std::string::npos);
  std::string deep(5000, '>');
  deep += " quote";
  EXPECT_FALSE(render_markdown(deep).empty());
  std::string brackets(20000, '[');
  EXPECT_FALSE(render_markdown(brackets).empty());
}
