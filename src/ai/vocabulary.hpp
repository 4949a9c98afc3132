#pragma once
// vocab.json of the model package: a JSON array of [piece, score] pairs, the
// SentencePiece unigram vocabulary; a token id is a piece's index. A few
// scores are null in the file (":", "://", "▁:)" ...); the reference adds
// them as numbers, where null counts as 0, so they load as 0 here.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace agora::ai {

struct Piece {
  std::u32string text;
  double score = 0;  // a double, as in JavaScript: ties in the segmentation resolve the same way
};

// Throws std::runtime_error naming the problem when `json` is not such an array.
std::vector<Piece> parse_vocabulary(std::string_view json);
std::vector<Piece> load_vocabulary(const std::filesystem::path& file);

}  // namespace agora::ai
