#include "ai/factory.hpp"

#include "ai/openai_embedder.hpp"
#include "ai/use_lite.hpp"
#include "core/checkout_path.hpp"

namespace agora::ai {

// A relative AGORA_MODEL_DIR (the default, var/models/…) is the checkout's.
std::unique_ptr<Embedder> make_embedder(const Config& config) {
  if (config.embedder == "off") return nullptr;
  if (config.embedder == "openai") {
    OpenAiOptions o;
    o.base_url = config.embeddings_url;
    o.model = config.embeddings_model;
    o.dimensions = config.embeddings_dimensions;
    o.api_key = config.embeddings_api_key;
    o.timeout = config.embeddings_timeout;
    return std::make_unique<OpenAiEmbedder>(o);
  }
  return UseLite::load(resolve_checkout_path(config.model_dir));
}

}  // namespace agora::ai
