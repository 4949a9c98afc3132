// Markdown and the text rules: what every post, comment and profile field
// goes through before it is stored (src/content/markdown.*, rules.*,
// mentions.*).
//
// Invariants:
// - markdown_cost_problem() answers for any bytes, and an input it passes
//   renders without crashing (libFuzzer's -timeout catches slow inputs: the
//   pre-scan must keep cmark-gfm's quadratic table parsing out);
// - rendered HTML is at most kMaxRenderedBytes (else std::length_error), and
//   at most kMaxAmplification times the input plus a constant: the table
//   bomb (1,601 bytes to 807,062) must not come back;
// - the HTML has no raw HTML from the input: every tag is one cmark makes
//   from Markdown, no attribute is an event handler or a javascript: URL,
//   and every <img> loads from our /media/ (cmark escapes '<' in text, so
//   every '<' in the output starts a tag);
// - the media digests listed are 64 lower-case hex, without repeats;
// - plain_text_problem() and mentions() answer for any valid UTF-8.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "content/markdown.hpp"
#include "content/mentions.hpp"
#include "content/rules.hpp"
#include "core/utf8.hpp"
#include "invariant.hpp"

namespace {

// Linear, measured: 40,000 '>' give 27 bytes of HTML per byte of input.
constexpr std::size_t kMaxAmplification = 64;

// Tags cmark-gfm writes for Markdown (and the comment it leaves for raw HTML).
bool known_tag(std::string_view name) {
  for (std::string_view t :
       {"p",  "a",  "img", "em", "strong", "del", "code",  "pre",   "blockquote", "ul", "ol", "li", "h1",    "h2",
        "h3", "h4", "h5",  "h6", "hr",     "br",  "table", "thead", "tbody",      "tr", "th", "td", "input", "!--"})
    if (name == t) return true;
  return false;
}

// Every tag of the output: a known one, with attributes cmark writes
// (name="value", values with '"' escaped), none an event handler, no URL
// with a script scheme, and images only from our media.
void check_tags(const std::string& html) {
  for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    if (html.compare(at, 4, "<!--") == 0) {  // <!-- raw HTML omitted -->
      at = html.find("-->", at);
      if (at == std::string::npos) fail("a comment that does not end", html);
      continue;
    }
    std::size_t i = at + 1;
    if (i < html.size() && html[i] == '/') ++i;
    const auto name_end = html.find_first_of(" />", i);
    if (name_end == std::string::npos) fail("a tag that does not end", html.substr(at));
    const std::string name = html.substr(i, name_end - i);
    if (!known_tag(name)) fail("a tag cmark does not write for Markdown", html.substr(at, 200));
    i = name_end;
    for (;;) {  // attributes
      while (i < html.size() && html[i] == ' ') ++i;
      if (i >= html.size()) fail("a tag that does not end", html.substr(at));
      if (html[i] == '>' || html.compare(i, 2, "/>") == 0) break;
      const auto attr_end = html.find_first_of("= />", i);
      if (attr_end == std::string::npos) fail("an attribute that does not end", html.substr(at));
      std::string attr = html.substr(i, attr_end - i);
      for (auto& c : attr) c = char(std::tolower(static_cast<unsigned char>(c)));
      if (attr.rfind("on", 0) == 0) fail("an event handler attribute", html.substr(at, 200));
      i = attr_end;
      if (html[i] != '=') continue;  // a boolean attribute (checked, disabled)
      if (i + 1 >= html.size() || html[i + 1] != '"') fail("an unquoted attribute value", html.substr(at, 200));
      const auto value_end = html.find('"', i + 2);
      if (value_end == std::string::npos) fail("an attribute value that does not end", html.substr(at));
      std::string value = html.substr(i + 2, value_end - i - 2);
      for (auto& c : value) c = char(std::tolower(static_cast<unsigned char>(c)));
      if (attr == "href" || attr == "src")
        for (std::string_view scheme : {"javascript:", "vbscript:", "file:"})
          if (value.rfind(scheme, 0) == 0) fail("a script URL", html.substr(at, 200));
      if (name == "img" && attr == "src" && value.rfind("/media/", 0) != 0)
        fail("an image from outside our media", html.substr(at, 200));
      i = value_end + 1;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // The JSON reader hands on valid UTF-8 without NUL only (core/json_body).
  if (!agora::utf8::valid(input) || input.find('\0') != std::string_view::npos) return 0;

  (void)agora::content::plain_text_problem(input, true);
  (void)agora::content::plain_text_problem(input, false);
  for (const auto& name : agora::content::mentions(input))
    if (name.empty() || name.size() > 64) fail("a mention out of shape", name);

  if (!agora::content::markdown_cost_problem(input).empty()) return 0;
  agora::content::Rendered r;
  try {
    r = agora::content::render(input);
  } catch (const std::length_error&) {
    return 0;  // refused as too large: fine
  }
  if (r.html.size() > agora::content::kMaxRenderedBytes) fail("HTML above the cap", r.html);
  if (r.html.size() > kMaxAmplification * size + 4096) fail("HTML amplified beyond the bound", input);
  check_tags(r.html);
  for (std::size_t i = 0; i < r.media.size(); ++i) {
    const auto& d = r.media[i];
    if (d.size() != 64 || d.find_first_not_of("0123456789abcdef") != std::string::npos) fail("a bad digest", d);
    for (std::size_t j = 0; j < i; ++j)
      if (r.media[j] == d) fail("a digest listed twice", d);
  }
  return 0;
}
