#include "content/plain_text.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>

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

}  // namespace agora::content
