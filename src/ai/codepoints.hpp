#pragma once
// UTF-8 <-> code points for the tokenizer, which, like the reference's
// JavaScript (`for (const c of s)`), works on code points.
#include <string>
#include <string_view>

namespace agora::ai {

// Code points of `utf8`; each byte of an ill-formed sequence becomes U+FFFD,
// as a TextDecoder would make it before the text reached the reference.
std::u32string to_code_points(std::string_view utf8);

std::string to_utf8(std::u32string_view code_points);

}  // namespace agora::ai
