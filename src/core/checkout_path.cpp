#include "core/checkout_path.hpp"

#include <filesystem>

namespace agora {

std::string resolve_checkout_path(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path wanted(path);
  if (wanted.is_absolute() || fs::exists(wanted)) return path;
  std::error_code ec;
  for (auto at = fs::read_symlink("/proc/self/exe", ec).parent_path(); !ec && !at.empty(); at = at.parent_path()) {
    if (fs::exists(at / wanted)) return (at / wanted).string();
    if (at == at.root_path()) break;
  }
  return path;
}

}  // namespace agora
