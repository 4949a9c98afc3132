// Fuzz target: what an upload is, decided from its bytes (src/uploads/sniff.*),
// and the upload rules built on it (src/uploads/validate.*: check_upload).
//
// Input: the bytes of an upload body.
//
// Invariants (a violation aborts, which libFuzzer reports as a crash):
//   - sniff never reads out of bounds (ASan), whatever a header claims;
//   - unknown  <=> no accepted magic number at offset 0, and then the answer is
//     empty (default info, no problem text);
//     corrupt  => the type of the magic, width = height = 0, a problem text;
//     ok       => the type of the magic, no problem text, and width/height
//     within what the format can express: PNG 31 bits, JPEG and GIF 16 bits,
//     WebP VP8 14 bits, VP8L 1..16384, VP8X 1..2^24;
//   - bytes appended after an image that sniffs ok change nothing (the
//     sniffer reads headers, never "the rest of the file");
//   - crc32 equals a bit-by-bit reference implementation;
//   - check_upload returns the sniffed info exactly when every rule of
//     validate.hpp passes, and otherwise throws Problem with the status its
//     rule names (400, 413, 415, 422), never anything else.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/errors.hpp"
#include "invariant.hpp"
#include "uploads/image_type.hpp"
#include "uploads/sniff.hpp"
#include "uploads/validate.hpp"

namespace {

using agora::Problem;
using namespace agora::uploads;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// The type whose magic number the bytes start with, as documented in sniff.hpp.
std::optional<ImageType> magic(std::string_view b) {
  if (starts_with(b, std::string_view("\x89PNG\r\n\x1a\n", 8))) return ImageType::png;
  if (starts_with(b, "\xFF\xD8\xFF")) return ImageType::jpeg;
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) return ImageType::gif;
  if (starts_with(b, "RIFF") && b.size() >= 12 && b.substr(8, 4) == "WEBP") return ImageType::webp;
  return std::nullopt;
}

std::uint32_t crc32_reference(std::string_view bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char ch : bytes) {
    c ^= ch;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
  }
  return ~c;
}

bool same(const Sniffed& a, const Sniffed& b) {
  return a.status == b.status && a.info.type == b.info.type && a.info.width == b.info.width &&
         a.info.height == b.info.height && a.problem == b.problem;
}

void check_dimensions(std::string_view b, const ImageInfo& info) {
  const auto w = info.width, h = info.height;
  switch (info.type) {
    case ImageType::png:
      CHECK(w <= 0x7FFFFFFFu && h <= 0x7FFFFFFFu, "PNG dimensions above 31 bits");
      break;
    case ImageType::jpeg:
    case ImageType::gif:
      CHECK(w <= 0xFFFFu && h <= 0xFFFFu, "JPEG/GIF dimensions above 16 bits");
      break;
    case ImageType::webp: {
      const auto fourcc = b.size() >= 16 ? b.substr(12, 4) : std::string_view();
      if (fourcc == "VP8 ") CHECK(w <= 0x3FFFu && h <= 0x3FFFu, "VP8 dimensions above 14 bits");
      else if (fourcc == "VP8L") CHECK(w >= 1 && w <= 16384 && h >= 1 && h <= 16384, "VP8L dimensions out of range");
      else if (fourcc == "VP8X")
        CHECK(w >= 1 && w <= (1u << 24) && h >= 1 && h <= (1u << 24), "VP8X dimensions out of range");
      else fail("a WebP without VP8, VP8L or VP8X sniffed ok");
      break;
    }
  }
}

// What check_upload must do, rule by rule (validate.hpp), given the sniff.
int expected_status(std::optional<ImageType> claimed, std::string_view body, const Limits& limits, const Sniffed& s) {
  if (!claimed) return 415;
  if (body.empty()) return 400;
  if (body.size() > limits.max_bytes) return 413;
  if (s.status == SniffStatus::unknown) return 415;
  if (s.info.type != *claimed) return 415;
  if (s.status == SniffStatus::corrupt) return 422;
  const auto& i = s.info;
  if (i.width == 0 || i.height == 0 || i.width > kMaxSide || i.height > kMaxSide) return 422;
  if (std::int64_t(i.width) * std::int64_t(i.height) > limits.max_pixels) return 422;
  return 0;
}

void check_upload_rules(std::optional<std::string_view> content_type, std::optional<ImageType> claimed,
                        std::string_view body, const Limits& limits, const Sniffed& s) {
  const int want = expected_status(claimed, body, limits, s);
  int got = 0;
  try {
    const ImageInfo info = check_upload(content_type, body, limits);
    CHECK(info.type == s.info.type && info.width == s.info.width && info.height == s.info.height,
          "check_upload returned other info than sniff");
  } catch (const Problem& p) {
    got = p.status();
  } catch (const std::exception& e) {
    fail(std::string("check_upload threw something other than Problem: ") + e.what());
  }
  CHECK(got == want, "check_upload answered " + std::to_string(got) + " where its rules say " + std::to_string(want) +
                         " (Content-Type '" + std::string(content_type.value_or("<none>")) + "')");
}

struct Claim {
  std::optional<std::string_view> content_type;
  std::optional<ImageType> type;
};
// Content-Type headers with the type validate.hpp must read from them.
const Claim kClaims[] = {
    {"image/png", ImageType::png},
    {"IMAGE/JPEG ; q=1", ImageType::jpeg},
    {" image/gif\t", ImageType::gif},
    {"image/webp;charset=binary", ImageType::webp},
    {"image/svg+xml", std::nullopt},
    {"image/pngx", std::nullopt},
    {"", std::nullopt},
    {std::nullopt, std::nullopt},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  const Sniffed s = sniff(bytes);
  const auto m = magic(bytes);
  switch (s.status) {
    case SniffStatus::unknown:
      CHECK(!m, "bytes with an accepted magic number sniffed unknown");
      CHECK(s.problem.empty() && s.info.width == 0 && s.info.height == 0, "an unknown answer carries data");
      break;
    case SniffStatus::corrupt:
      CHECK(m && s.info.type == *m, "corrupt with another type than the magic number's");
      CHECK(!s.problem.empty(), "corrupt without saying why");
      CHECK(s.info.width == 0 && s.info.height == 0, "corrupt with dimensions");
      break;
    case SniffStatus::ok:
      CHECK(m && s.info.type == *m, "ok with another type than the magic number's");
      CHECK(s.problem.empty(), "ok with a problem text");
      check_dimensions(bytes, s.info);
      break;
    default:
      fail("sniff returned an unknown status");
  }
  CHECK(same(s, sniff(bytes)), "sniff is not deterministic");

  if (s.status == SniffStatus::ok) {
    std::string longer(bytes);
    longer.append(std::string_view("\0\xFF\xD8IEND;\x2C\0\0\0\0\0\0\0\0", 16));
    CHECK(same(s, sniff(longer)), "bytes after a complete image changed the answer");
  }

  const auto prefix = bytes.substr(0, 1024);
  CHECK(crc32(prefix) == crc32_reference(prefix), "crc32 differs from the reference");

  // The upload rules: the claim matching the bytes (the common case), one
  // chosen by the input, and the server's limits or small ones.
  const agora::Config config;
  const Limits server{config.upload_max_bytes, config.upload_max_pixels};
  const Limits small{64, 256};
  const auto matching = m.value_or(ImageType::png);
  check_upload_rules(media_type(matching), matching, bytes, server, s);
  const Claim& c = kClaims[size ? data[size - 1] % std::size(kClaims) : 0];
  check_upload_rules(c.content_type, c.type, bytes, (size & 1) ? small : server, s);
  return 0;
}
