#pragma once
// Markdown (CommonMark + GitHub tables, strikethrough, autolinks, task lists)
// to HTML that is safe to insert into a page: raw HTML is dropped, and links
// or images with dangerous schemes (javascript:, vbscript:, file:, data:
// other than images) lose their URL. Rendering happens once, on write.
#include <string>
#include <string_view>

namespace agora::content {

std::string render_markdown(std::string_view markdown);

}  // namespace agora::content
