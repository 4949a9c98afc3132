#include "app/encoder.hpp"

#include <map>
#include <memory>
#include <mutex>

#include "ai/factory.hpp"

namespace agora::app {

embeddings::Encoder& process_encoder(const Config& config) {
  // Keyed by what decides the embedder, so tests with different settings in
  // one process each get theirs; production has exactly one.
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<embeddings::Encoder>> encoders;
  const auto key = config.embedder + "|" + config.model_dir + "|" + config.embeddings_url + "|" +
                   config.embeddings_model + "|" + std::to_string(config.embeddings_dimensions);
  const std::lock_guard lock(mutex);
  auto& slot = encoders[key];
  if (!slot) slot = std::make_unique<embeddings::Encoder>(ai::make_embedder(config), config.embed_threads);
  return *slot;
}

}  // namespace agora::app
