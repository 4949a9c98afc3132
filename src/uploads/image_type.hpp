#pragma once
// The four image formats uploads accept, and their names on the wire (media
// type) and on disk (file extension). One table, so the type sniffed from
// the bytes, the Content-Type served and the stored name cannot disagree.
#include <optional>
#include <string_view>

namespace agora::uploads {

enum class ImageType { png, jpeg, gif, webp };

std::string_view media_type(ImageType t);  // "image/png", …
std::string_view extension(ImageType t);   // "png", "jpg", "gif", "webp"

// The type a Content-Type header names: case-insensitive, parameters such as
// "; charset=…" ignored. nullopt for anything else (image/svg+xml included:
// SVG is a document that can run script, not an image we can check).
std::optional<ImageType> from_media_type(std::string_view content_type);
// Exact, lower-case extension as produced by extension(); "jpeg" and "PNG"
// are not ours, so they name no stored file.
std::optional<ImageType> from_extension(std::string_view ext);

}  // namespace agora::uploads
