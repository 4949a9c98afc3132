#pragma once
// Unicode NFKC (compatibility decomposition, canonical ordering, canonical
// composition), without ICU: the reference tokenizer starts with
// String.prototype.normalize("NFKC"), so ligatures, full-width forms,
// superscripts, no-break spaces and decomposed accents reach the vocabulary
// as it expects. The tables come from the same normalize() (see
// tests/ai/gen-nfkc.mjs), so the result is the reference's, character for
// character.
#include <string>
#include <string_view>

namespace agora::ai {

std::u32string nfkc(std::u32string_view text);

}  // namespace agora::ai
