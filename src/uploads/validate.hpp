#pragma once
// The upload rules, as one pure function so every refusal can be unit
// tested without a server. In this order:
//   1. Content-Type missing or not image/png|jpeg|gif|webp      → 415
//   2. empty body                                               → 400
//   3. more than max_bytes                                      → 413
//   4. bytes with no accepted magic number                      → 415
//   5. bytes of another type than Content-Type claims           → 415 naming both
//   6. truncated or invalid header                              → 422
//   7. zero width/height, a side above kMaxSide, or an area
//      above max_pixels                                         → 422
// Type and size are decided by the bytes; the claim must merely agree.
#include <cstdint>
#include <optional>
#include <string_view>

#include "uploads/sniff.hpp"

namespace agora::uploads {

// No format we accept needs more per side (JPEG and GIF cannot exceed it);
// a PNG claiming 100000 × 10 is far more likely an attack on decoders than
// a picture for a post.
inline constexpr std::uint32_t kMaxSide = 65535;

struct Limits {
  std::size_t max_bytes = 0;
  std::int64_t max_pixels = 0;
};

// The sniffed image; throws Problem (415, 400, 413, 422) as listed above.
ImageInfo check_upload(std::optional<std::string_view> content_type, std::string_view body, const Limits& limits);

}  // namespace agora::uploads
