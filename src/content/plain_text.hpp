#pragma once
// The words of a Markdown text without its markup, for what reads text
// rather than shows it: embeddings, similarity, summaries. Link targets and
// image URLs are left out (the words that carry meaning are the link text
// and the alt text); code keeps its content. No trailing line break.
#include <cstddef>
#include <string>
#include <string_view>

namespace agora::content {

// For texts that passed markdown_cost_problem() (every stored body did).
std::string plain_text(std::string_view markdown);

// `text` on one line: every run of whitespace (paragraph breaks included)
// becomes one space; none at either end.
std::string one_line(std::string_view text);

// What a feed shows of a post: its plain text on one line, at most
// `max_chars` characters (code points), cut after a whole word with "…"
// when longer. Stored with the post (posts.excerpt) on every write.
inline constexpr std::size_t kExcerptChars = 280;
std::string excerpt(std::string_view markdown, std::size_t max_chars = kExcerptChars);

}  // namespace agora::content
