#pragma once
// The words of a Markdown text without its markup, for what reads text
// rather than shows it: embeddings, similarity, summaries. Link targets and
// image URLs are left out (the words that carry meaning are the link text
// and the alt text); code keeps its content. No trailing line break.
#include <string>
#include <string_view>

namespace agora::content {

// For texts that passed markdown_cost_problem() (every stored body did).
std::string plain_text(std::string_view markdown);

}  // namespace agora::content
