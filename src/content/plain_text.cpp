#include "content/plain_text.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>

#include "core/utf8.hpp"

namespace agora::content {

std::string plain_text(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(cmark_parser_new(options), &cmark_parser_free);
  if (!parser) throw std::bad_alloc();
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"})
    if (auto* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser.get(), ext);
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> doc(cmark_parser_finish(parser.get()), &cmark_node_free);
  if (!doc) throw std::bad_alloc();
  // Width 0: no re-wrapping; paragraphs stay one line each.
  char* text = cmark_render_plaintext(doc.get(), options, 0);
  if (!text) throw std::bad_alloc();
  std::unique_ptr<char, decltype(&std::free)> owned(text, &std::free);
  std::string out(text);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
    if (!space) out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string excerpt(std::string_view markdown, std::size_t max_chars) {
  auto text = one_line(plain_text(markdown));
  if (utf8::length(text) <= max_chars) return text;
  // The byte where character max_chars - 1 starts: room for the ellipsis.
  std::size_t end = 0;
  for (std::size_t chars = 0; chars + 1 < max_chars && end < text.size(); ++chars)
    end += std::max<std::size_t>(1, utf8::sequence_length(text, end));
  // Back to the last space, unless that loses more than half of it (one long word).
  const auto space = text.rfind(' ', end);
  if (space != std::string::npos && space >= end / 2) end = space;
  text.resize(end);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text + "…";
}

}  // namespace agora::content
