#include "content/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "core/errors.hpp"
#include "core/offload.hpp"

namespace agora::content {
namespace {

struct ParserFree {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterFree {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

// Shorter texts render on the event loop: they take microseconds.
constexpr std::size_t kInlineRenderBytes = 4096;

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// Makes `image` a link with the same children (its alt text), URL and
// title: the reader still reaches the picture, but only by choosing to.
// (cmark_node_set_type frees the URL and title, so they are put back.)
void demote_to_link(cmark_node* image) {
  const char* url = cmark_node_get_url(image);
  const char* title = cmark_node_get_title(image);
  const std::string keep_url = url ? url : "", keep_title = title ? title : "";
  bool in_link = false;
  for (cmark_node* up = cmark_node_parent(image); up && !in_link; up = cmark_node_parent(up))
    in_link = cmark_node_get_type(up) == CMARK_NODE_LINK;
  if (!in_link && cmark_node_set_type(image, CMARK_NODE_LINK)) {
    cmark_node_set_url(image, keep_url.c_str());
    cmark_node_set_title(image, keep_title.c_str());
    return;
  }
  // Inside a link (a link in a link is not HTML): keep only the alt text.
  while (cmark_node* child = cmark_node_first_child(image)) cmark_node_insert_before(image, child);
  cmark_node_free(image);  // unlinks it first
}

std::string digest_of(std::string_view url) { return std::string(url.substr(7, 64)); }

}  // namespace

bool is_local_media_url(std::string_view url) {
  constexpr std::string_view prefix = "/media/";
  if (url.substr(0, prefix.size()) != prefix) return false;
  const auto name = url.substr(prefix.size());
  if (name.size() < 66 || name[64] != '.') return false;
  for (std::size_t i = 0; i < 64; ++i) {
    const char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  const auto ext = name.substr(65);
  return ext == "png" || ext == "jpg" || ext == "gif" || ext == "webp";
}

std::string markdown_cost_problem(std::string_view md) {
  // Over-approximates what the table extension may build: a table ends at a
  // blank line, so every run of non-blank lines ("paragraph") may become one
  // table whose rows are padded to its widest row. Counting '|' anywhere
  // (code, escapes, quotes and lists included) only over-counts.
  std::size_t cells = 0;
  std::size_t widest = 0, lines = 0;
  const auto close_paragraph = [&] {
    if (widest > 1) cells += widest * lines;
    widest = lines = 0;
  };
  std::size_t start = 0;
  while (start <= md.size()) {
    auto end = md.find('\n', start);
    if (end == std::string_view::npos) end = md.size();
    const auto line = md.substr(start, end - start);
    if (blank(line)) {
      close_paragraph();
    } else {
      const std::size_t row = std::size_t(std::count(line.begin(), line.end(), '|')) + 1;
      widest = std::max(widest, row);
      ++lines;
      if (widest > kMaxTableColumns && lines > 1)
        return "has a table row with more than " + std::to_string(kMaxTableColumns) + " cells";
    }
    if (cells + (widest > 1 ? widest * lines : 0) > kMaxTableCells)
      return "has tables with more than " + std::to_string(kMaxTableCells) + " cells";
    start = end + 1;
  }
  return {};
}

Rendered render(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  // CMARK_OPT_DEFAULT leaves CMARK_OPT_UNSAFE off: raw HTML becomes a comment
  // and unsafe URLs are emptied. We never turn UNSAFE on.
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
  std::unique_ptr<cmark_parser, ParserFree> parser(cmark_parser_new(options));
  if (!parser) throw std::bad_alloc();
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (auto* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeFree> doc(cmark_parser_finish(parser.get()));
  if (!doc) throw std::bad_alloc();

  Rendered out;
  std::vector<cmark_node*> outside_images;  // changed once the walk is over (cmark's rule)
  {
    std::unique_ptr<cmark_iter, IterFree> it(cmark_iter_new(doc.get()));
    for (auto ev = cmark_iter_next(it.get()); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(it.get())) {
      if (ev != CMARK_EVENT_ENTER) continue;
      cmark_node* node = cmark_iter_get_node(it.get());
      const auto type = cmark_node_get_type(node);
      if (type != CMARK_NODE_IMAGE && type != CMARK_NODE_LINK) continue;
      const char* raw = cmark_node_get_url(node);
      const std::string_view url = raw ? raw : "";
      if (is_local_media_url(url)) {
        auto digest = digest_of(url);
        if (std::find(out.media.begin(), out.media.end(), digest) == out.media.end())
          out.media.push_back(std::move(digest));
      } else if (type == CMARK_NODE_IMAGE) {
        outside_images.push_back(node);
      }
    }
  }
  for (cmark_node* image : outside_images) demote_to_link(image);

  char* html = cmark_render_html(doc.get(), options, cmark_parser_get_syntax_extensions(parser.get()));
  if (!html) throw std::bad_alloc();
  // cmark allocates with its default allocator (malloc).
  std::unique_ptr<char, decltype(&std::free)> owned(html, &std::free);
  const std::size_t size = std::char_traits<char>::length(html);
  if (size > kMaxRenderedBytes) throw std::length_error("rendered Markdown exceeds the size limit");
  out.html.assign(html, size);
  return out;
}

std::string render_markdown(std::string_view markdown) { return render(markdown).html; }

Task<Rendered> render_for_write(std::string markdown, const char* field) {
  if (auto why = markdown_cost_problem(markdown); !why.empty()) throw Problem::validation({{field, why}});
  // Two threads: long texts wait their turn rather than take every core.
  static BlockingPool pool(2);
  Rendered out;
  bool too_large = false;
  const auto work = [&] {
    try {
      out = render(markdown);
    } catch (const std::length_error&) {
      too_large = true;
    }
  };
  if (markdown.size() <= kInlineRenderBytes) work();
  else co_await pool.run(work);
  if (too_large)
    throw Problem::validation(
        {{field, "renders to more than " + std::to_string(kMaxRenderedBytes / 1024) + " KiB of HTML; shorten it"}});
  co_return out;
}

}  // namespace agora::content
