#pragma once
// The SentencePiece unigram tokenizer of Universal Sentence Encoder Lite,
// exactly as the model's reference runtime runs it (@energetic-ai/embeddings
// 0.2.0, the TensorFlow.js universal-sentence-encoder tokenizer): the graph
// was only ever checked against those ids, so we reproduce them, quirks
// included, and tests/ai/golden.json holds the reference's ids to prove it.
//
// 1. NFKC (ai/nfkc). Then, unless the text is now empty, "▁" (U+2581) in
//    front and every U+0020 space replaced by "▁". Nothing else: other
//    whitespace (tab, line feed) stays and is an unknown character, and a run
//    of spaces is a run of "▁".
// 2. Candidates: at each code point, every vocabulary piece that starts there
//    (ids from 6 on; 0..5 are reserved: unknown "�", <s>, </s>, three extra
//    ids); where no piece starts, the one code point as unknown (id 0,
//    score 0). A piece listed twice keeps its last id and score.
// 3. Viterbi over the pieces' scores (log probabilities, in doubles), with
//    the reference's rules: a best score of exactly 0 counts as "none yet",
//    a tie goes to the candidate considered later (the shorter piece), and
//    the walk back from the end steps by the chosen piece's length in UTF-16
//    units (1 for a position no candidate reaches, which keeps id 0).
// 4. Consecutive unknowns merge into one id 0.
//
// No truncation here: the graph itself keeps the first 128 ids.
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "ai/vocabulary.hpp"

namespace agora::ai {

class Tokenizer {
 public:
  static constexpr std::int32_t kUnknown = 0;
  static constexpr std::int32_t kReserved = 6;  // ids below this are never produced except kUnknown

  // Throws std::invalid_argument when the vocabulary cannot be this model's.
  explicit Tokenizer(std::vector<Piece> vocabulary);

  std::vector<std::int32_t> encode(std::string_view utf8) const;
  std::size_t vocabulary_size() const { return pieces_.size(); }

 private:
  struct Node {
    std::vector<std::pair<char32_t, std::int32_t>> children;  // sorted by code point
    std::int32_t id = -1;                                     // the piece ending here, if any
    double score = 0;
  };
  std::int32_t child(std::int32_t node, char32_t c) const;

  std::vector<Piece> pieces_;
  std::vector<std::int32_t> utf16_length_;  // per id
  std::vector<Node> trie_;                  // trie_[0] is the root
};

}  // namespace agora::ai
