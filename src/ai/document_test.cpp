#include "ai/document.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace agora::ai {
namespace {

// Gives chunk i the unit vector along axis i, so the combination is visible
// in the result; the tests count words as tokens and read 3 per chunk.
class AxisEmbedder final : public Embedder {
 public:
  std::string model_id() const override { return "axes"; }
  int dimensions() const override { return 4; }
  std::vector<std::vector<float>> embed(const std::vector<std::string>& texts) override {
    seen = texts;
    std::vector<std::vector<float>> out;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      std::vector<float> v(4, 0.0f);
      v[std::min<std::size_t>(i, 3)] = 1.0f;
      out.push_back(v);
    }
    return out;
  }
  std::vector<std::string> seen;
};

std::size_t words(std::string_view text) {
  std::size_t n = 0;
  bool in_word = false;
  for (const char c : text) {
    if (c != ' ' && !in_word) ++n;
    in_word = c != ' ';
  }
  return n;
}

TEST(EmbedDocument, WeighsChunksByTheirTokens) {
  AxisEmbedder e;
  const auto v = embed_document(e, words, 3, "", "one two three. four");
  ASSERT_EQ(e.seen, (std::vector<std::string>{"one two three.", "four"}));
  // 3 * axis 0 + 1 * axis 1, normalised.
  EXPECT_NEAR(v[0], 3 / std::sqrt(10.0), 1e-6);
  EXPECT_NEAR(v[1], 1 / std::sqrt(10.0), 1e-6);
  EXPECT_EQ(v[2], 0.0f);
}

TEST(EmbedDocument, ReadsAtMostMaxChunks) {
  AxisEmbedder e;
  (void)embed_document(e, words, 3, "Title here", "a b c. d e f. g h i. j k l.", 2);
  EXPECT_EQ(e.seen, (std::vector<std::string>{"Title here.", "a b c."}));
}

TEST(EmbedDocument, AnEmptyPostIsTheEmptyText) {
  AxisEmbedder e;
  const auto v = embed_document(e, words, 3, " ", "\n");
  EXPECT_EQ(e.seen, (std::vector<std::string>{""}));
  EXPECT_EQ(v, (std::vector<float>{1, 0, 0, 0}));
}

}  // namespace
}  // namespace agora::ai
