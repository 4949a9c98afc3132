#include "ai/document.hpp"

#include <cmath>
#include <string>

namespace agora::ai {

std::vector<float> embed_document(UseLite& model, std::string_view title, std::string_view body,
                                  std::size_t max_chunks) {
  return embed_document(
      model, [&](std::string_view text) { return model.count_tokens(text); }, model.max_tokens(), title, body,
      max_chunks);
}

std::vector<float> embed_document(Embedder& embedder, const TokenCounter& count_tokens, std::size_t max_tokens,
                                  std::string_view title, std::string_view body, std::size_t max_chunks) {
  const auto chunks = split_into_chunks(title, body, count_tokens, max_tokens, max_chunks);
  if (chunks.empty()) return embedder.embed({std::string()}).at(0);
  std::vector<std::string> texts;
  texts.reserve(chunks.size());
  for (const Chunk& c : chunks) texts.push_back(c.text);
  const auto vectors = embedder.embed(texts);

  std::vector<double> sum(static_cast<std::size_t>(embedder.dimensions()), 0.0);
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const auto weight = static_cast<double>(chunks[i].tokens);
    for (std::size_t d = 0; d < sum.size(); ++d) sum[d] += weight * vectors.at(i).at(d);
  }
  double squares = 0;
  for (const double v : sum) squares += v * v;
  const double inv = squares > 0 ? 1.0 / std::sqrt(squares) : 0.0;
  std::vector<float> out(sum.size());
  for (std::size_t d = 0; d < sum.size(); ++d) out[d] = static_cast<float>(sum[d] * inv);
  return out;
}

}  // namespace agora::ai
