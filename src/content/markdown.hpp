#pragma once
// Markdown (CommonMark + GitHub tables, strikethrough, autolinks, task lists)
// to HTML that is safe to insert into a page: raw HTML is dropped, links with
// dangerous schemes (javascript:, vbscript:, file:, data: other than images)
// lose their URL, and images load only from our own /media/ (an image from
// anywhere else would let its poster see who reads the page; it becomes a
// link). Rendering happens once, on write.
//
// Rendering is also bounded. The cmark-gfm in Debian bookworm
// (0.29.0.gfm.6) pads every short table row to the header's column count
// (CVE-2023-37463, fixed upstream in gfm.12) and parses very wide table rows
// in quadratic time: 1,601 characters rendered to 807 KB, 40,000 pipes took
// 13 s. markdown_cost_problem() refuses such input before cmark sees it, and
// the rendered size is capped. See docs/adr/0070-bounded-markdown-rendering.md.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/task.hpp"

namespace agora::content {

// A table row with more cells than this, or a line with more '|' than this
// next to another line, is refused (wide rows parse in quadratic time).
inline constexpr std::size_t kMaxTableColumns = 128;
// Table cells a text may make, counting the padding cmark adds: rows ×
// the widest row of their paragraph, summed over paragraphs.
inline constexpr std::size_t kMaxTableCells = 20'000;
// Largest HTML a text may render to.
inline constexpr std::size_t kMaxRenderedBytes = std::size_t{512} * 1024;

// Empty when `markdown` may be rendered; else why not, as a field message
// ("has a table row with more than 128 cells"). Linear in the input.
std::string markdown_cost_problem(std::string_view markdown);

struct Rendered {
  std::string html;
  // Digests (64 hex) of our media files the text shows or links to, in
  // order of first appearance, without repeats.
  std::vector<std::string> media;
};

// Renders text that passed markdown_cost_problem(). Throws
// std::length_error when the HTML would exceed kMaxRenderedBytes.
Rendered render(std::string_view markdown);
// The HTML alone.
std::string render_markdown(std::string_view markdown);

// What a write path calls, after validation and write budgets: renders off
// the event loop (on a small dedicated pool) when the text is long, inline
// when it is short. Throws Problem 422 on `field` when the text is too costly
// or renders too large.
Task<Rendered> render_for_write(std::string markdown, const char* field);

// True for "/media/<64 lowercase hex>.<png|jpg|gif|webp>": a file of ours.
bool is_local_media_url(std::string_view url);

}  // namespace agora::content
