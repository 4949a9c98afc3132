#pragma once
#include <string>
#include <vector>

#include "core/config.hpp"

namespace agora::app {

// `agora admin embeddings status|backfill|activate NAME|drop NAME`.
int admin_embeddings(const Config& config, const std::vector<std::string>& args);

}  // namespace agora::app
