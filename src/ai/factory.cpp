#include "ai/factory.hpp"

#include "ai/openai_embedder.hpp"
#include "ai/use_lite.hpp"

#include <filesystem>

namespace agora::ai {
namespace {

// A relative AGORA_MODEL_DIR (the default, var/models/…) is looked for in
// the working directory, then beside the executable and in the folders
// above it, so build/agora, a test binary or an e2e script finds the
// checkout's var/models wherever it was started from. Images set an
// absolute path.
std::string resolve_model_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  const fs::path wanted(dir);
  if (wanted.is_absolute() || fs::exists(wanted)) return dir;
  std::error_code ec;
  for (auto at = fs::read_symlink("/proc/self/exe", ec).parent_path(); !ec && !at.empty(); at = at.parent_path()) {
    if (fs::exists(at / wanted)) return (at / wanted).string();
    if (at == at.root_path()) break;
  }
  return dir;  // not found: the model's loader says so, naming it
}

}  // namespace

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
  return UseLite::load(resolve_model_dir(config.model_dir));
}

}  // namespace agora::ai
