#include "uploads/validate.hpp"

#include "core/errors.hpp"

namespace agora::uploads {
namespace {

constexpr const char* kAccepted = "image/png, image/jpeg, image/gif or image/webp";

Problem unsupported(std::string detail) {
  return Problem(415, "unsupported-media-type", "Unsupported media type", std::move(detail));
}
Problem invalid(std::string detail) { return Problem(422, "invalid-image", "Invalid image", std::move(detail)); }

}  // namespace

ImageInfo check_upload(std::optional<std::string_view> content_type, std::string_view body, const Limits& limits) {
  const auto claimed = from_media_type(content_type.value_or(""));
  if (!claimed) throw unsupported("Send the image bytes as the body with Content-Type " + std::string(kAccepted) + ".");
  if (body.empty()) throw Problem::bad_request("The body is empty; send the image bytes as the request body.");
  if (body.size() > limits.max_bytes)
    throw Problem(413, "body-too-large", "Body too large",
                  "Images may have at most " + std::to_string(limits.max_bytes) + " bytes.");

  const Sniffed s = sniff(body);
  if (s.status == SniffStatus::unknown)
    throw unsupported("The body is not a PNG, JPEG, GIF or WebP image (judged by its bytes, not its name or type).");
  if (s.info.type != *claimed)
    throw unsupported("The body is " + std::string(media_type(s.info.type)) + " but Content-Type says " +
                      std::string(media_type(*claimed)) + ".");
  if (s.status == SniffStatus::corrupt) throw invalid("The image is truncated or damaged: " + s.problem + ".");

  const auto& info = s.info;
  if (info.width == 0 || info.height == 0) throw invalid("The image has no width or height.");
  if (info.width > kMaxSide || info.height > kMaxSide)
    throw invalid("The image is " + std::to_string(info.width) + " x " + std::to_string(info.height) +
                  " pixels; each side may be at most " + std::to_string(kMaxSide) + ".");
  const auto area = std::int64_t(info.width) * std::int64_t(info.height);
  if (area > limits.max_pixels)
    throw invalid("The image has " + std::to_string(area) + " pixels; at most " + std::to_string(limits.max_pixels) +
                  " are accepted.");
  return info;
}

}  // namespace agora::uploads
