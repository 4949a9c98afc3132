#include "uploads/image_type.hpp"

#include <array>

#include "http/message.hpp"

namespace agora::uploads {
namespace {

struct Entry {
  ImageType type;
  std::string_view media_type, extension;
};
constexpr std::array<Entry, 4> kTypes{{{ImageType::png, "image/png", "png"},
                                       {ImageType::jpeg, "image/jpeg", "jpg"},
                                       {ImageType::gif, "image/gif", "gif"},
                                       {ImageType::webp, "image/webp", "webp"}}};

const Entry& entry(ImageType t) { return kTypes[static_cast<std::size_t>(t)]; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view media_type(ImageType t) { return entry(t).media_type; }
std::string_view extension(ImageType t) { return entry(t).extension; }

std::optional<ImageType> from_media_type(std::string_view content_type) {
  const auto essence = trim(content_type.substr(0, content_type.find(';')));
  for (const auto& e : kTypes)
    if (http::iequals(essence, e.media_type)) return e.type;
  return std::nullopt;
}

std::optional<ImageType> from_extension(std::string_view ext) {
  for (const auto& e : kTypes)
    if (ext == e.extension) return e.type;
  return std::nullopt;
}

}  // namespace agora::uploads
