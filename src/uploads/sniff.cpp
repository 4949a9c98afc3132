#include "uploads/sniff.hpp"

#include <array>

namespace agora::uploads {
namespace {

// Bounds-checked reads: every accessor takes the offset it needs and
// returns false instead of reading past the end, so no parser below can
// overrun the buffer whatever a header claims.
class Bytes {
 public:
  explicit Bytes(std::string_view s) : s_(s) {}
  std::size_t size() const { return s_.size(); }
  bool has(std::size_t offset, std::size_t n) const { return offset <= s_.size() && n <= s_.size() - offset; }
  std::uint8_t u8(std::size_t i) const { return static_cast<std::uint8_t>(s_[i]); }
  std::uint32_t be16(std::size_t i) const { return std::uint32_t(u8(i)) << 8 | u8(i + 1); }
  std::uint32_t be32(std::size_t i) const { return be16(i) << 16 | be16(i + 2); }
  std::uint32_t le16(std::size_t i) const { return std::uint32_t(u8(i)) | std::uint32_t(u8(i + 1)) << 8; }
  std::uint32_t le24(std::size_t i) const { return le16(i) | std::uint32_t(u8(i + 2)) << 16; }
  std::uint32_t le32(std::size_t i) const { return le16(i) | le16(i + 2) << 16; }
  std::string_view view(std::size_t offset, std::size_t n) const { return s_.substr(offset, n); }
  bool starts_with(std::string_view magic) const { return s_.substr(0, magic.size()) == magic; }

 private:
  std::string_view s_;
};

Sniffed ok(ImageType t, std::uint32_t w, std::uint32_t h) { return {SniffStatus::ok, {t, w, h}, {}}; }
Sniffed corrupt(ImageType t, std::string why) { return {SniffStatus::corrupt, {t, 0, 0}, std::move(why)}; }

// ---------------------------------------------------------------- PNG

constexpr std::string_view kPngMagic{"\x89PNG\r\n\x1a\n", 8};
constexpr std::uint32_t kPngMaxLength = 0x7FFFFFFF;  // PNG: lengths and dimensions fit in 31 bits

bool png_depth_ok(std::uint8_t color, std::uint8_t depth) {
  switch (color) {
    case 0:
      return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    case 3:
      return depth == 1 || depth == 2 || depth == 4 || depth == 8;
    case 2:
    case 4:
    case 6:
      return depth == 8 || depth == 16;
    default:
      return false;
  }
}

bool png_chunk_type_ok(std::string_view type) {
  for (char c : type)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  return true;
}

Sniffed png(const Bytes& b) {
  const auto t = ImageType::png;
  // IHDR: length 13, type, 13 bytes of data, CRC: 25 bytes after the signature.
  if (!b.has(8, 25)) return corrupt(t, "the PNG ends inside its IHDR header");
  if (b.be32(8) != 13 || b.view(12, 4) != "IHDR") return corrupt(t, "the PNG does not start with a valid IHDR chunk");
  if (crc32(b.view(12, 17)) != b.be32(29)) return corrupt(t, "the PNG header's checksum does not match");
  const std::uint32_t w = b.be32(16), h = b.be32(20);
  if (w > kPngMaxLength || h > kPngMaxLength) return corrupt(t, "the PNG header has out-of-range dimensions");
  const auto depth = b.u8(24), color = b.u8(25), compression = b.u8(26), filter = b.u8(27), interlace = b.u8(28);
  if (!png_depth_ok(color, depth) || compression != 0 || filter != 0 || interlace > 1)
    return corrupt(t, "the PNG header has invalid field values");
  // The chunk chain to IEND: a file cut short is refused here rather than
  // stored and served as a broken image.
  bool idat = false;
  for (std::size_t pos = 33;;) {
    if (!b.has(pos, 8)) return corrupt(t, "the PNG ends before its IEND chunk");
    const std::uint32_t length = b.be32(pos);
    const auto type = b.view(pos + 4, 4);
    if (length > kPngMaxLength || !png_chunk_type_ok(type)) return corrupt(t, "the PNG has a malformed chunk");
    if (!b.has(pos + 8, std::size_t(length) + 4)) return corrupt(t, "the PNG ends inside a chunk");
    if (type == "IHDR") return corrupt(t, "the PNG has a second IHDR chunk");
    if (type == "IDAT") idat = true;
    if (type == "IEND") {
      if (!idat) return corrupt(t, "the PNG has no image data (IDAT)");
      return ok(t, w, h);
    }
    pos += 12 + std::size_t(length);
  }
}

// ---------------------------------------------------------------- JPEG

// SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
bool is_sof(std::uint8_t m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }

Sniffed jpeg(const Bytes& b) {
  const auto t = ImageType::jpeg;
  std::size_t pos = 2;  // after SOI (FF D8)
  // Each step consumes at least one byte, so this ends within size() steps.
  while (true) {
    if (!b.has(pos, 2)) return corrupt(t, "the JPEG ends before its frame header (SOF)");
    if (b.u8(pos) != 0xFF) return corrupt(t, "the JPEG has data where a marker should be");
    // Any number of 0xFF fill bytes may precede a marker.
    while (b.has(pos + 1, 1) && b.u8(pos + 1) == 0xFF) ++pos;
    if (!b.has(pos + 1, 1)) return corrupt(t, "the JPEG ends before its frame header (SOF)");
    const std::uint8_t m = b.u8(pos + 1);
    pos += 2;
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;  // TEM, RSTn: no length field
    if (m == 0x00 || m == 0xD8 || m == 0xD9 || m == 0xDA)
      return corrupt(t, "the JPEG has no frame header (SOF) before its image data");
    if (!b.has(pos, 2)) return corrupt(t, "the JPEG ends inside a segment");
    const std::uint32_t length = b.be16(pos);  // includes its own two bytes
    if (length < 2 || !b.has(pos, length)) return corrupt(t, "the JPEG has a segment longer than the file");
    if (is_sof(m)) {
      // precision, height, width, component count, then 3 bytes per component
      if (length < 8) return corrupt(t, "the JPEG frame header is too short");
      const std::uint8_t precision = b.u8(pos + 2), components = b.u8(pos + 7);
      if (precision < 2 || precision > 16 || components == 0 || length != 8u + 3u * components)
        return corrupt(t, "the JPEG frame header has invalid field values");
      return ok(t, b.be16(pos + 5), b.be16(pos + 3));
    }
    pos += length;
  }
}

// ---------------------------------------------------------------- GIF

Sniffed gif(const Bytes& b) {
  const auto t = ImageType::gif;
  // signature (6), logical screen: width, height, flags, background, aspect (7)
  if (!b.has(0, 13)) return corrupt(t, "the GIF ends inside its logical screen descriptor");
  const std::uint32_t w = b.le16(6), h = b.le16(8);
  const std::uint8_t flags = b.u8(10);
  std::size_t pos = 13;
  if (flags & 0x80) pos += 3u << ((flags & 0x07) + 1);  // global colour table: 3 × 2^(N+1) bytes
  // Extensions (comments, animation control, …) until the first image.
  while (true) {
    if (!b.has(pos, 1)) return corrupt(t, "the GIF ends before its first image");
    const std::uint8_t block = b.u8(pos);
    if (block == 0x2C) {
      // image descriptor: left, top, width, height (LE16 each), flags
      if (!b.has(pos, 10)) return corrupt(t, "the GIF ends inside an image descriptor");
      return ok(t, w, h);
    }
    if (block != 0x21) return corrupt(t, "the GIF has an unknown block before its first image");
    pos += 2;  // introducer, label; then data sub-blocks ending with a zero length
    while (true) {
      if (!b.has(pos, 1)) return corrupt(t, "the GIF ends inside an extension block");
      const std::size_t n = b.u8(pos);
      pos += 1 + n;
      if (n == 0) break;
    }
  }
}

// ---------------------------------------------------------------- WebP

Sniffed webp(const Bytes& b) {
  const auto t = ImageType::webp;
  if (!b.has(0, 20)) return corrupt(t, "the WebP ends inside its RIFF header");
  const std::uint32_t riff_size = b.le32(4);  // everything after the size field
  if (riff_size < 12 || !b.has(8, riff_size)) return corrupt(t, "the WebP is shorter than its RIFF header says");
  const auto fourcc = b.view(12, 4);
  const std::uint32_t chunk = b.le32(16);
  if (chunk > riff_size - 12) return corrupt(t, "the WebP's first chunk is longer than the file");
  const std::size_t d = 20;  // chunk data
  if (fourcc == "VP8 ") {
    // frame tag (3 bytes, bit 0 clear on key frames), start code 9D 01 2A,
    // then 14-bit width and height (the top 2 bits are scaling).
    if (chunk < 10 || !b.has(d, 10)) return corrupt(t, "the WebP (VP8) frame header is truncated");
    if ((b.u8(d) & 0x01) != 0 || b.view(d + 3, 3) != std::string_view("\x9d\x01\x2a", 3))
      return corrupt(t, "the WebP (VP8) does not start with a key frame");
    return ok(t, b.le16(d + 6) & 0x3FFF, b.le16(d + 8) & 0x3FFF);
  }
  if (fourcc == "VP8L") {
    // signature 0x2F, then 14 bits width-1, 14 bits height-1, alpha, 3-bit version 0
    if (chunk < 5 || !b.has(d, 5)) return corrupt(t, "the WebP (VP8L) header is truncated");
    const std::uint32_t bits = b.le32(d + 1);
    if (b.u8(d) != 0x2F || (bits >> 29) != 0) return corrupt(t, "the WebP (VP8L) header is invalid");
    return ok(t, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (fourcc == "VP8X") {
    // flags (1), reserved (3), canvas width-1 and height-1 (24 bits each)
    if (chunk < 10 || !b.has(d, 10)) return corrupt(t, "the WebP (VP8X) header is truncated");
    return ok(t, b.le24(d + 4) + 1, b.le24(d + 7) + 1);
  }
  return corrupt(t, "the WebP has no VP8, VP8L or VP8X chunk first");
}

}  // namespace

std::uint32_t crc32(std::string_view bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (char ch : bytes) c = table[(c ^ static_cast<std::uint8_t>(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

Sniffed sniff(std::string_view data) {
  const Bytes b(data);
  if (b.starts_with(kPngMagic)) return png(b);
  if (b.starts_with("\xFF\xD8\xFF")) return jpeg(b);
  if (b.starts_with("GIF87a") || b.starts_with("GIF89a")) return gif(b);
  if (b.starts_with("RIFF") && b.has(8, 4) && b.view(8, 4) == "WEBP") return webp(b);
  return {};
}

}  // namespace agora::uploads
