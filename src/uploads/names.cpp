#include "uploads/names.hpp"

namespace agora::uploads {
namespace {

constexpr std::size_t kShaHex = 64;

bool lower_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

std::string MediaName::file() const { return sha256 + "." + std::string(extension(type)); }
std::string MediaName::url() const { return std::string(kMediaPrefix) + file(); }

std::optional<MediaName> parse_file_name(std::string_view name) {
  if (name.size() <= kShaHex + 1 || name[kShaHex] != '.') return std::nullopt;
  const auto hex = name.substr(0, kShaHex);
  if (!lower_hex(hex)) return std::nullopt;
  const auto type = from_extension(name.substr(kShaHex + 1));
  if (!type) return std::nullopt;
  return MediaName{std::string(hex), *type};
}

std::optional<MediaName> parse_media_url(std::string_view url) {
  if (url.substr(0, kMediaPrefix.size()) != kMediaPrefix) return std::nullopt;
  return parse_file_name(url.substr(kMediaPrefix.size()));
}

}  // namespace agora::uploads
