#include "ai/tokenizer.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace agora::ai {
namespace {

// The rules of the reference tokenizer, on a vocabulary small enough to
// reason about. The real vocabulary's ids are checked against the reference
// in use_lite_test.
Tokenizer small() {
  std::vector<Piece> v = {{U"\uFFFD", 0}, {U"<s>", 0},     {U"</s>", 0},     {U"x1", 0}, {U"x2", 0},
                          {U"x3", 0},     {U"\u2581", -2}, {U"\u2581a", -1}, {U"b", -2}, {U"\u2581ab", -2.5},
                          {U"c", -3},     {U"bc", -4},     {U"\u2581b", -9}, {U"d", -1}, {U"dd", -2}};
  return Tokenizer(std::move(v));
}

TEST(Tokenizer, PicksTheMostProbableSegmentation) {
  const Tokenizer t = small();
  EXPECT_EQ(t.encode("ab"), (std::vector<std::int32_t>{9}));           // ▁ab (-2.5) beats ▁a b (-3)
  EXPECT_EQ(t.encode("a bc"), (std::vector<std::int32_t>{7, 6, 11}));  // ▁a ▁ bc (-7) beats ▁a ▁ b c (-8)
}

TEST(Tokenizer, TiesGoToTheShorterLastPiece) {
  // "dd": d d (-2) ties with dd (-2); the reference keeps the later candidate.
  EXPECT_EQ(small().encode("add"), (std::vector<std::int32_t>{7, 13, 13}));
}

TEST(Tokenizer, MergesRunsOfUnknownCharacters) {
  const Tokenizer t = small();
  EXPECT_EQ(t.encode("a??b"), (std::vector<std::int32_t>{7, 0, 8}));
  EXPECT_EQ(t.encode("a\n\tb"), (std::vector<std::int32_t>{7, 0, 8}));  // only U+0020 becomes ▁
  EXPECT_EQ(t.encode("\U0001F600"), (std::vector<std::int32_t>{6, 0}));
}

TEST(Tokenizer, SpacesAreWordBoundaries) {
  EXPECT_EQ(small().encode(" "), (std::vector<std::int32_t>{6, 6}));
  EXPECT_EQ(small().encode("a  a"), (std::vector<std::int32_t>{7, 6, 7}));
  EXPECT_EQ(small().encode("").size(), 0u);
}

TEST(Tokenizer, NormalisesFirst) {
  EXPECT_EQ(small().encode("\uFF41\uFF42"), small().encode("ab"));  // full-width letters
}

TEST(Tokenizer, RefusesAVocabularyWithoutReservedIds) {
  EXPECT_THROW(Tokenizer(std::vector<Piece>{{U"a", -1}}), std::invalid_argument);
}

}  // namespace
}  // namespace agora::ai
