#pragma once
// Stored names are derived from content, never from the client:
// `<sha256 of the bytes, 64 lower-case hex>.<extension of the sniffed type>`,
// served at `/media/<name>`. The same bytes always get the same name, so a
// second upload stores nothing new and a name can be cached forever.
// Anything that does not parse here (dots, slashes, upper-case hex, other
// extensions, temp files) names no stored file.
#include <optional>
#include <string>
#include <string_view>

#include "uploads/image_type.hpp"

namespace agora::uploads {

inline constexpr std::string_view kMediaPrefix = "/media/";

struct MediaName {
  std::string sha256;  // 64 lower-case hex digits
  ImageType type = ImageType::png;

  std::string file() const;  // "<sha256>.<ext>"
  std::string url() const;   // "/media/<sha256>.<ext>"
};

std::optional<MediaName> parse_file_name(std::string_view name);
std::optional<MediaName> parse_media_url(std::string_view url);

}  // namespace agora::uploads
