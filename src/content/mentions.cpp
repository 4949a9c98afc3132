#include "content/mentions.hpp"

#include <algorithm>

namespace agora::content {
namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

}  // namespace

std::vector<std::string> mentions(std::string_view md, std::size_t max) {
  std::vector<std::string> out;
  bool in_fence = false;
  std::size_t line_start = 0;
  while (line_start <= md.size() && out.size() < max) {
    auto line_end = md.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = md.size();
    const auto line = md.substr(line_start, line_end - line_start);
    const auto first = line.find_first_not_of(' ');
    const bool fence = first != std::string_view::npos && first < 4 &&
                       (line.substr(first, 3) == "```" || line.substr(first, 3) == "~~~");
    const bool indented_code = line.size() >= 4 && line.substr(0, 4) == "    ";
    if (fence) {
      in_fence = !in_fence;
    } else if (!in_fence && !indented_code) {
      bool in_code_span = false;
      for (std::size_t i = 0; i < line.size() && out.size() < max; ++i) {
        if (line[i] == '`') {
          in_code_span = !in_code_span;
          continue;
        }
        if (in_code_span || line[i] != '@') continue;
        if (i > 0 && (name_char(line[i - 1]) || line[i - 1] == '.' || line[i - 1] == '-')) continue;
        std::size_t j = i + 1;
        while (j < line.size() && name_char(line[j])) ++j;
        const auto len = j - i - 1;
        if (len < 3 || len > 32) continue;
        std::string name;
        for (std::size_t k = i + 1; k < j; ++k) name.push_back(lower(line[k]));
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
        i = j - 1;
      }
    }
    line_start = line_end + 1;
  }
  return out;
}

}  // namespace agora::content
