#pragma once
// The process's embeddings encoder, made once from the configuration
// (AGORA_EMBEDDER): a model is loaded once per process, however many
// servers, worker handlers or test fixtures ask for it.
#include "core/config.hpp"
#include "embeddings/encoder.hpp"

namespace agora::app {

embeddings::Encoder& process_encoder(const Config& config);

}  // namespace agora::app
