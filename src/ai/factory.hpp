#pragma once
// The embedder AGORA_EMBEDDER names: the model inside agora (use-lite, read
// from AGORA_MODEL_DIR), an OpenAI-compatible endpoint (openai), or none
// (off: null). Throws std::runtime_error with what to do when the model
// files are missing.
#include <memory>

#include "ai/embedder.hpp"
#include "core/config.hpp"

namespace agora::ai {

std::unique_ptr<Embedder> make_embedder(const Config& config);

}  // namespace agora::ai
