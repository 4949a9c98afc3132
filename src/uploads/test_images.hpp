#pragma once
// Image byte fixtures for the upload tests (unit and pg), built in code so
// every test states exactly which bytes it sends. The PNG and GIF fixtures
// are complete, decodable images; the JPEG and WebP ones have real headers
// (everything the sniffer reads) followed by filler instead of compressed
// pixels, which the service never decodes.
#include <cstdint>
#include <string>

#include "uploads/sniff.hpp"

namespace agora::uploads::test {

inline void put_be16(std::string& s, std::uint32_t v) {
  s.push_back(char(v >> 8));
  s.push_back(char(v));
}
inline void put_be32(std::string& s, std::uint32_t v) {
  put_be16(s, v >> 16);
  put_be16(s, v & 0xFFFF);
}
inline void put_le16(std::string& s, std::uint32_t v) {
  s.push_back(char(v));
  s.push_back(char(v >> 8));
}
inline void put_le24(std::string& s, std::uint32_t v) {
  put_le16(s, v & 0xFFFF);
  s.push_back(char(v >> 16));
}
inline void put_le32(std::string& s, std::uint32_t v) {
  put_le16(s, v & 0xFFFF);
  put_le16(s, v >> 16);
}

// ---------------------------------------------------------------- PNG

inline std::string png_chunk(const std::string& type, const std::string& data) {
  std::string out;
  put_be32(out, std::uint32_t(data.size()));
  out += type + data;
  put_be32(out, crc32(type + data));
  return out;
}

inline std::string png_ihdr(std::uint32_t w, std::uint32_t h, std::uint8_t depth = 8, std::uint8_t color = 0) {
  std::string d;
  put_be32(d, w);
  put_be32(d, h);
  d += std::string{char(depth), char(color), 0, 0, 0};
  return png_chunk("IHDR", d);
}

// zlib stream with one stored (uncompressed) deflate block.
inline std::string zlib_stored(const std::string& raw) {
  std::string z = "\x78\x01";
  z.push_back('\x01');  // final block, stored
  put_le16(z, std::uint32_t(raw.size()));
  put_le16(z, std::uint32_t(~raw.size() & 0xFFFF));
  z += raw;
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  put_be32(z, b << 16 | a);
  return z;
}

inline std::string png_signature() { return {"\x89PNG\r\n\x1a\n", 8}; }

// A black 8-bit greyscale w × h PNG. Pixel data is real for small images
// and a token IDAT above 4096 pixels (for header tests with huge sizes).
inline std::string png(std::uint32_t w, std::uint32_t h) {
  std::string raw;
  if (std::uint64_t(w) * h <= 4096)
    for (std::uint32_t y = 0; y < h; ++y) raw += std::string(1 + w, '\0');  // filter byte + row
  return png_signature() + png_ihdr(w, h) + png_chunk("IDAT", zlib_stored(raw)) + png_chunk("IEND", "");
}

// ---------------------------------------------------------------- JPEG

inline std::string jpeg_segment(std::uint8_t marker, const std::string& data) {
  std::string s{'\xFF', char(marker)};
  put_be16(s, std::uint32_t(data.size() + 2));
  return s + data;
}

inline std::string jpeg_sof(std::uint8_t marker, std::uint32_t w, std::uint32_t h) {
  std::string d{8};  // precision
  put_be16(d, h);
  put_be16(d, w);
  d += std::string{3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1};
  return jpeg_segment(marker, d);
}

// SOI, APP0 (JFIF), DQT, then `before_sof` (more segments, fill bytes…),
// SOF0, DHT, SOS, filler, EOI.
inline std::string jpeg(std::uint32_t w, std::uint32_t h, const std::string& before_sof = "") {
  std::string s = "\xFF\xD8";
  s += jpeg_segment(0xE0, std::string("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14));
  s += jpeg_segment(0xDB, std::string(1, '\0') + std::string(64, '\x01'));
  s += before_sof;
  s += jpeg_sof(0xC0, w, h);
  s += jpeg_segment(0xC4, std::string("\0\0\x01\x05\x01\x01\x01\x01\x01\x01\0\0\0\0\0\0\0", 17) +
                              std::string("\0\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b", 12));
  s += jpeg_segment(0xDA, std::string("\x03\x01\0\x02\x11\x03\x11\0\x3f\0", 10));
  s += std::string(32, '\x55');
  return s + "\xFF\xD9";
}

// ---------------------------------------------------------------- GIF

// A w × h GIF89a with a two-colour global table, a graphic control
// extension and one image (the classic 1-pixel LZW stream).
inline std::string gif(std::uint32_t w, std::uint32_t h) {
  std::string s = "GIF89a";
  put_le16(s, w);
  put_le16(s, h);
  s += std::string("\x80\0\0", 3);
  s += std::string("\0\0\0\xff\xff\xff", 6);
  s += std::string("\x21\xF9\x04\0\0\0\0\0", 8);
  s += std::string("\x2C\0\0\0\0", 5);
  put_le16(s, w);
  put_le16(s, h);
  s.push_back('\0');
  s += std::string("\x02\x02\x44\x01\0", 5);
  return s + ";";
}

// ---------------------------------------------------------------- WebP

inline std::string riff_chunk(const std::string& fourcc, const std::string& data) {
  std::string s = fourcc;
  put_le32(s, std::uint32_t(data.size()));
  s += data;
  if (data.size() % 2) s.push_back('\0');
  return s;
}

inline std::string webp_file(const std::string& chunks) {
  std::string s = "RIFF";
  put_le32(s, std::uint32_t(4 + chunks.size()));
  return s + "WEBP" + chunks;
}

inline std::string vp8l_chunk(std::uint32_t w, std::uint32_t h) {
  std::string d = "\x2F";
  put_le32(d, (w - 1) | (h - 1) << 14 | 1u << 28);  // alpha hint set, version 0
  d += std::string(8, '\0');
  return riff_chunk("VP8L", d);
}

inline std::string webp_lossless(std::uint32_t w, std::uint32_t h) { return webp_file(vp8l_chunk(w, h)); }

inline std::string webp_lossy(std::uint32_t w, std::uint32_t h) {
  std::string d("\x50\x02\x00\x9d\x01\x2a", 6);  // key frame tag, start code
  put_le16(d, w);
  put_le16(d, h);
  d += std::string(16, '\0');
  return webp_file(riff_chunk("VP8 ", d));
}

inline std::string webp_extended(std::uint32_t w, std::uint32_t h) {
  std::string d(4, '\0');
  d[0] = 0x10;  // alpha
  put_le24(d, w - 1);
  put_le24(d, h - 1);
  return webp_file(riff_chunk("VP8X", d) + vp8l_chunk(w < 16384 ? w : 1, h < 16384 ? h : 1));
}

}  // namespace agora::uploads::test
