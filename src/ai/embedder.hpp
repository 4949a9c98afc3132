#pragma once
// What turns text into vectors: the model inside our binary (USE Lite) or an
// OpenAI-compatible /v1/embeddings endpoint. Calls block (a forward pass, an
// HTTP round trip): callers run them on a BlockingPool, never on an event loop.
#include <string>
#include <vector>

namespace agora::ai {

class Embedder {
 public:
  virtual ~Embedder() = default;
  // Names the model and its version ("use-lite-0.2.0"): vectors of two
  // models are never compared, so stored vectors are keyed by it.
  virtual std::string model_id() const = 0;
  virtual int dimensions() const = 0;
  // Words one input may hold before the model stops reading (USE Lite reads
  // 128 word pieces, about 90 English words): longer documents are cut into
  // chunks of this size (ai/document.hpp; USE Lite counts its own tokens).
  virtual int chunk_words() const { return 90; }
  // One L2-normalised vector per text, in order. Throws on failure.
  virtual std::vector<std::vector<float>> embed(const std::vector<std::string>& texts) = 0;
};

}  // namespace agora::ai
