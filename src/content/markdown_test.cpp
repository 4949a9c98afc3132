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

// Hostile input (issue 10): what cmark-gfm 0.29.0.gfm.6 would amplify.
namespace hostile {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// A 1,601-character comment rendered to 807,062 characters of HTML: a header
// row of 400 columns and a delimiter row, then 400 one-cell rows, each padded
// to 400 cells.
std::string table_bomb() { return "|" + repeat("a|", 400) + "\n|" + repeat("-|", 400) + "\n" + repeat("a\n", 400); }

TEST(HostileMarkdown, ATableBombIsRefusedBeforeCmarkSeesIt) {
  const auto bomb = table_bomb();
  EXPECT_LT(bomb.size(), 4000u);
  EXPECT_NE(agora::content::markdown_cost_problem(bomb), "");
  // A wide header next to a short delimiter row: 13 s of cmark on 40,007 bytes.
  EXPECT_NE(agora::content::markdown_cost_problem(repeat("|", 40000) + "\n" + repeat("-|", 3)), "");
  // A very wide delimiter row: quadratic in its cells.
  EXPECT_NE(agora::content::markdown_cost_problem("a\n" + repeat("-|", 20000)), "");
  // The same inside a quote or a list (the scan does not rely on seeing tables).
  EXPECT_NE(agora::content::markdown_cost_problem("> |" + repeat("a|", 400) + "\n> |" + repeat("-|", 400) + "\n"), "");
}

TEST(HostileMarkdown, OrdinaryTablesAndTextPass) {
  using agora::content::markdown_cost_problem;
  // 20 columns by 200 rows (4,200 cells) is a big but real table.
  std::string table = "|" + repeat(" h |", 20) + "\n|" + repeat("---|", 20) + "\n";
  for (int r = 0; r < 200; ++r) table += "|" + repeat(" v |", 20) + "\n";
  EXPECT_EQ(markdown_cost_problem(table), "");
  EXPECT_NE(render_markdown(table).find("<table>"), std::string::npos);
  // Prose with the odd pipe, 40,000 characters of it.
  EXPECT_EQ(markdown_cost_problem(repeat("this | that and some more words here\n", 1000)), "");
  EXPECT_EQ(markdown_cost_problem(repeat("a\n\n", 13000)), "");
}

TEST(HostileMarkdown, TheRenderedSizeIsCapped) {
  // 40,000 '>' nest 40,000 quotes: 1 MB of HTML from 40 KB, linear but big.
  EXPECT_THROW(agora::content::render(std::string(40000, '>') + " x"), std::length_error);
  EXPECT_NO_THROW(agora::content::render(std::string(2000, '>') + " x"));
}

TEST(HostileMarkdown, ImagesLoadOnlyFromOurMedia) {
  const std::string sha(64, 'a');
  const auto r = agora::content::render("![cat](https://tracker.example/pixel.png?reader=1) and ![ours](/media/" + sha +
                                        ".png) and [a link](/media/" + std::string(64, 'b') + ".gif)");
  // The outside picture becomes a link: its poster no longer learns who reads.
  EXPECT_EQ(r.html.find("<img src=\"https://tracker"), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("<a href=\"https://tracker.example/pixel.png?reader=1\">cat</a>"), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("<img src=\"/media/" + sha + ".png\" alt=\"ours\" />"), std::string::npos) << r.html;
  EXPECT_EQ(r.media, (std::vector<std::string>{sha, std::string(64, 'b')}));
  // An outside image inside a link keeps only its alt text.
  const auto nested = agora::content::render("[![badge](https://tracker.example/b.svg)](https://example.org)");
  EXPECT_EQ(nested.html, "<p><a href=\"https://example.org\">badge</a></p>\n");
  // Look-alikes of our media are not ours.
  for (const char* url : {"/media/../x.png", "//evil.example/media/x.png", "/media/ABC.png", "/mediax/a.png"}) {
    const auto h = agora::content::render(std::string("![x](") + url + ")");
    EXPECT_EQ(h.html.find("<img"), std::string::npos) << url << " -> " << h.html;
    EXPECT_TRUE(h.media.empty()) << url;
  }
}

}  // namespace hostile
