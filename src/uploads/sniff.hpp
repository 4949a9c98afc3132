#pragma once
// What an upload really is, decided from its bytes alone: the format from the
// magic number at offset 0 and the width and height from the format's own
// header, read with every length checked against the bytes present. The
// client's Content-Type and file name play no part here.
//
// Structure checked per format (enough to refuse truncated or lying headers
// without decoding pixels, which the service never does):
//   PNG   signature, IHDR first with its CRC and legal field values, then the
//         chunk chain walked to IEND (at least one IDAT on the way)
//   JPEG  SOI, then markers walked segment by segment (fill bytes, standalone
//         markers, APPn/DQT/DHT/COM…) to the first SOFn; SOS or EOI first is
//         corrupt
//   GIF   GIF87a/GIF89a, logical screen, global colour table, extension
//         blocks walked to the first image descriptor
//   WebP  RIFF size within the bytes, then the first chunk: VP8 (key frame
//         start code), VP8L (signature, version 0) or VP8X (canvas size)
#include <cstdint>
#include <string>
#include <string_view>

#include "uploads/image_type.hpp"

namespace agora::uploads {

struct ImageInfo {
  ImageType type = ImageType::png;
  std::uint32_t width = 0, height = 0;  // as the header says; 0 is possible and refused later
};

enum class SniffStatus {
  ok,       // a known format with a readable header
  unknown,  // no magic number we accept at offset 0
  corrupt,  // the magic matched (info.type is set) but the header is truncated or invalid
};

struct Sniffed {
  SniffStatus status = SniffStatus::unknown;
  ImageInfo info;
  std::string problem;  // for corrupt: what is wrong, in words
};

Sniffed sniff(std::string_view bytes);

// CRC-32 as PNG uses it (ISO 3309, reflected 0xEDB88320).
std::uint32_t crc32(std::string_view bytes);

}  // namespace agora::uploads
