#pragma once
#include <cstddef>
#include <string_view>

namespace agora::utf8 {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool valid(std::string_view s);

// Number of code points in well-formed UTF-8 `s` (what users call "characters").
std::size_t length(std::string_view s);

// Length in bytes of the well-formed sequence starting at s[i], or 0 if invalid.
std::size_t sequence_length(std::string_view s, std::size_t i);

}  // namespace agora::utf8
