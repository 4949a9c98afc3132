#include "ai/chunker.hpp"

#include <gtest/gtest.h>

namespace agora::ai {
namespace {

// One token per word: easy to reason about; the model's own tokenizer is
// used by ai/document.
std::size_t words(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (const char c : s) {
    if (c != ' ' && !in_word) ++n;
    in_word = c != ' ';
  }
  return n;
}

std::vector<std::string> texts(const std::vector<Chunk>& chunks) {
  std::vector<std::string> out;
  out.reserve(chunks.size());
  for (const auto& c : chunks) out.push_back(c.text);
  return out;
}

TEST(Chunker, AShortPostIsOneChunkTitleFirst) {
  const auto chunks = split_into_chunks("Hello there", "First line.\nSecond  line.", words, 128, 32);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].text, "Hello there. First line. Second line.");
  EXPECT_EQ(chunks[0].tokens, 6u);
}

TEST(Chunker, KeepsATitlesOwnPunctuation) {
  EXPECT_EQ(split_into_chunks("Why?", "", words, 128, 32).at(0).text, "Why?");
  EXPECT_EQ(split_into_chunks("  ", "\n\n  \t", words, 128, 32).size(), 0u);
  EXPECT_EQ(split_into_chunks("", "Only a body", words, 128, 32).at(0).text, "Only a body");
}

TEST(Chunker, CutsBetweenSentences) {
  const auto chunks =
      split_into_chunks("T", "One two three. Four five six! Seven eight? Nine (ten.) Eleven.", words, 5, 32);
  EXPECT_EQ(texts(chunks),
            (std::vector<std::string>{"T. One two three.", "Four five six! Seven eight?", "Nine (ten.) Eleven."}));
  for (const auto& c : chunks) EXPECT_LE(c.tokens, 5u);
}

TEST(Chunker, MarkdownBlocksStartSentences) {
  const auto chunks = split_into_chunks("", "Steps\n- open the page\n- click reset\n1. wait\n# Done", words, 4, 32);
  EXPECT_EQ(texts(chunks), (std::vector<std::string>{"Steps", "- open the page", "- click reset", "1. wait # Done"}));
}

TEST(Chunker, CutsALongSentenceBetweenWords) {
  const auto chunks = split_into_chunks("", "a b c d e f g h", words, 3, 32);
  EXPECT_EQ(texts(chunks), (std::vector<std::string>{"a b c", "d e f", "g h"}));
}

TEST(Chunker, CutsALongWordBetweenCharacters) {
  // One token per three characters of a word.
  const auto by_three = [](std::string_view s) { return (s.size() + 2) / 3; };
  const auto chunks = split_into_chunks("", "abcdefghijklmnopq", by_three, 2, 32);
  EXPECT_EQ(texts(chunks), (std::vector<std::string>{"abcdef", "ghijkl", "mnopq"}));
  const auto accents = split_into_chunks("", "\u00e9\u00e9\u00e9\u00e9\u00e9", by_three, 1, 32);  // never mid-character
  for (const auto& c : accents) EXPECT_EQ(c.text, "\u00e9");
}

TEST(Chunker, StopsAtMaxChunks) {
  const auto chunks = split_into_chunks("", "a b c d e f g h", words, 2, 3);
  EXPECT_EQ(texts(chunks), (std::vector<std::string>{"a b", "c d", "e f"}));
}

}  // namespace
}  // namespace agora::ai
