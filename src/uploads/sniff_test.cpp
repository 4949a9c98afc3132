// The sniffers against byte fixtures: valid minimal images of each format,
// truncations at every length, lying headers, huge dimensions, JPEG marker
// walks and polyglots.
#include "uploads/sniff.hpp"

#include <gtest/gtest.h>

#include "uploads/test_images.hpp"

namespace agora::uploads {
namespace {

using namespace agora::uploads::test;

::testing::AssertionResult IsImage(const Sniffed& s, ImageType type, std::uint32_t w, std::uint32_t h) {
  if (s.status != SniffStatus::ok) return ::testing::AssertionFailure() << "not ok: " << s.problem;
  if (s.info.type != type) return ::testing::AssertionFailure() << "type " << media_type(s.info.type);
  if (s.info.width != w || s.info.height != h)
    return ::testing::AssertionFailure() << s.info.width << " x " << s.info.height;
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult IsCorrupt(const Sniffed& s, ImageType type) {
  if (s.status != SniffStatus::corrupt)
    return ::testing::AssertionFailure() << "status " << int(s.status) << " " << s.info.width << "x" << s.info.height;
  if (s.info.type != type) return ::testing::AssertionFailure() << "type " << media_type(s.info.type);
  if (s.problem.empty()) return ::testing::AssertionFailure() << "no problem text";
  return ::testing::AssertionSuccess();
}

// ---------------------------------------------------------------- valid

TEST(Sniff, ReadsTheSizeOfEachFormat) {
  EXPECT_TRUE(IsImage(sniff(png(3, 2)), ImageType::png, 3, 2));
  EXPECT_TRUE(IsImage(sniff(jpeg(640, 480)), ImageType::jpeg, 640, 480));
  EXPECT_TRUE(IsImage(sniff(gif(1, 1)), ImageType::gif, 1, 1));
  EXPECT_TRUE(IsImage(sniff(gif(300, 20)), ImageType::gif, 300, 20));
  EXPECT_TRUE(IsImage(sniff(webp_lossy(800, 600)), ImageType::webp, 800, 600));
  EXPECT_TRUE(IsImage(sniff(webp_lossless(1, 1)), ImageType::webp, 1, 1));
  EXPECT_TRUE(IsImage(sniff(webp_lossless(16384, 16384)), ImageType::webp, 16384, 16384));
  EXPECT_TRUE(IsImage(sniff(webp_extended(5000, 7)), ImageType::webp, 5000, 7));
}

TEST(Sniff, Crc32MatchesKnownValues) {
  // IEND's CRC appears in every PNG file; a wrong table would refuse them all.
  EXPECT_EQ(crc32("IEND"), 0xAE426082u);
  EXPECT_EQ(crc32(""), 0u);
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);  // the standard check value
}

TEST(Sniff, PngChunksBeforeAndAfterIdatAreWalked) {
  const auto ihdr = png_ihdr(10, 20);
  const auto idat = png_chunk("IDAT", zlib_stored(std::string(std::size_t{20} * 11, '\0')));
  const auto iend = png_chunk("IEND", "");
  const auto text = png_chunk("tEXt", std::string("Comment\0hello", 13));
  EXPECT_TRUE(IsImage(sniff(png_signature() + ihdr + text + idat + text + iend), ImageType::png, 10, 20));
  // Trailing bytes after IEND are tolerated (many tools append them).
  EXPECT_TRUE(IsImage(sniff(png_signature() + ihdr + idat + iend + "junk"), ImageType::png, 10, 20));
}

TEST(Sniff, JpegSkipsSegmentsFillBytesAndStandaloneMarkersBeforeTheFrame) {
  std::string before = jpeg_segment(0xE1, std::string("Exif\0\0", 6) + std::string(300, 'x'));  // APP1
  before += jpeg_segment(0xFE, "made by a test");                                               // COM
  before += jpeg_segment(0xC4, std::string(20, '\0'));      // DHT (0xC4 is not a SOF)
  before += jpeg_segment(0xCC, std::string(2, '\0'));       // DAC (nor is 0xCC)
  before += "\xFF\xFF\xFF";                                 // fill bytes…
  before += jpeg_segment(0xED, std::string(1000, '\xFF'));  // APP13 full of 0xFF
  before += "\xFF\xD0";                                     // RST0: no length
  EXPECT_TRUE(IsImage(sniff(jpeg(123, 456, before)), ImageType::jpeg, 123, 456));
}

TEST(Sniff, JpegProgressiveAndOtherFrameTypesCount) {
  for (std::uint8_t sof : {0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}) {
    std::string s = "\xFF\xD8" + jpeg_sof(sof, 10, 11) + "\xFF\xD9";
    EXPECT_TRUE(IsImage(sniff(s), ImageType::jpeg, 10, 11)) << std::hex << int(sof);
  }
}

// ---------------------------------------------------------------- unknown

TEST(Sniff, UnknownBytesAreUnknown) {
  for (const std::string& s :
       {std::string(), std::string("x"), std::string("<svg xmlns='http://www.w3.org/2000/svg'/>"),
        std::string("<html><script>alert(1)</script></html>"), std::string("BM\x36\0\0\0", 6),
        std::string("RIFF\x24\0\0\0WAVEfmt ", 16), std::string("GIF88a\1\0\1\0", 10), std::string("\x89PNG\r\n\x1a", 7),
        std::string("\xFF\xD8", 2), std::string("%PDF-1.7"),
        std::string("\0\0\0\x0c"
                    "jP  \r\n\x87\n",
                    12)}) {
    EXPECT_EQ(sniff(s).status, SniffStatus::unknown) << s;
  }
}

TEST(Sniff, MagicMustBeAtOffsetZero) {
  // HTML with an image appended is still HTML to us (no scanning for magic).
  EXPECT_EQ(sniff("<html>" + png(1, 1)).status, SniffStatus::unknown);
  EXPECT_EQ(sniff(" " + gif(1, 1)).status, SniffStatus::unknown);
}

// ---------------------------------------------------------------- truncated

// Every proper prefix that still carries the magic is corrupt, never ok and
// never a crash (ASan builds check the reads).
void expect_every_prefix_corrupt(const std::string& image, ImageType type, std::size_t magic_length) {
  for (std::size_t n = magic_length; n < image.size(); ++n) {
    const auto s = sniff(image.substr(0, n));
    ASSERT_TRUE(IsCorrupt(s, type)) << "prefix of " << n << " of " << image.size() << " bytes";
  }
}

TEST(Sniff, TruncatedPngIsCorruptAtEveryLength) { expect_every_prefix_corrupt(png(4, 4), ImageType::png, 8); }

TEST(Sniff, TruncatedGifHeaderIsCorrupt) {
  // Up to the image descriptor: after it come pixels, which are not checked.
  const auto image = gif(2, 2);
  const std::size_t descriptor_end = 6 + 7 + 6 + 8 + 10;
  expect_every_prefix_corrupt(image.substr(0, descriptor_end), ImageType::gif, 6);
  EXPECT_TRUE(IsImage(sniff(image.substr(0, descriptor_end)), ImageType::gif, 2, 2));
}

TEST(Sniff, TruncatedJpegHeaderIsCorrupt) {
  const auto image = jpeg(5, 6);
  const auto sof_end = image.find("\xFF\xC0") + 2 + 17;
  expect_every_prefix_corrupt(image.substr(0, sof_end), ImageType::jpeg, 3);
  EXPECT_TRUE(IsImage(sniff(image.substr(0, sof_end)), ImageType::jpeg, 5, 6));
}

TEST(Sniff, TruncatedWebpIsCorrupt) {
  expect_every_prefix_corrupt(webp_lossy(10, 10), ImageType::webp, 12);
  expect_every_prefix_corrupt(webp_lossless(10, 10), ImageType::webp, 12);
  expect_every_prefix_corrupt(webp_extended(10, 10), ImageType::webp, 12);
}

// ---------------------------------------------------------------- lying headers

TEST(Sniff, PngWithAChangedSizeFailsItsChecksum) {
  auto s = png(1, 1);
  s[19] = '\x02';  // width 1 → 2 without fixing the CRC
  EXPECT_TRUE(IsCorrupt(sniff(s), ImageType::png));
}

TEST(Sniff, PngLiesAreCorrupt) {
  const auto idat = png_chunk("IDAT", zlib_stored(std::string(2, '\0')));
  const auto iend = png_chunk("IEND", "");
  auto with = [&](const std::string& ihdr) { return png_signature() + ihdr + idat + iend; };
  EXPECT_TRUE(IsCorrupt(sniff(with(png_ihdr(1, 1, 7, 0))), ImageType::png)) << "bit depth 7";
  EXPECT_TRUE(IsCorrupt(sniff(with(png_ihdr(1, 1, 8, 5))), ImageType::png)) << "colour type 5";
  EXPECT_TRUE(IsCorrupt(sniff(with(png_ihdr(1, 1, 4, 2))), ImageType::png)) << "RGB at 4 bits";
  EXPECT_TRUE(IsCorrupt(sniff(with(png_ihdr(0x80000000u, 1))), ImageType::png)) << "width above 2^31-1";
  EXPECT_TRUE(IsCorrupt(sniff(with(png_chunk("IHDX", std::string(13, '\1')))), ImageType::png)) << "not IHDR";
  EXPECT_TRUE(IsCorrupt(sniff(png_signature() + png_ihdr(1, 1) + iend), ImageType::png)) << "no IDAT";
  EXPECT_TRUE(IsCorrupt(sniff(png_signature() + png_ihdr(1, 1) + png_ihdr(1, 1) + idat + iend), ImageType::png));
  // A chunk whose length runs past the end of the file.
  std::string huge;
  put_be32(huge, 0x7FFFFFF0u);
  EXPECT_TRUE(
      IsCorrupt(sniff(png_signature() + png_ihdr(1, 1) + huge + "IDAT" + std::string(20, '\0')), ImageType::png));
  // A chunk type with non-letters.
  EXPECT_TRUE(IsCorrupt(sniff(png_signature() + png_ihdr(1, 1) + png_chunk("ID@T", "") + idat + iend), ImageType::png));
}

TEST(Sniff, JpegWithoutAFrameBeforeScanOrEndIsCorrupt) {
  const std::string soi = "\xFF\xD8";
  EXPECT_TRUE(IsCorrupt(sniff(soi + jpeg_segment(0xDA, std::string(10, '\0')) + "\xFF\xD9"), ImageType::jpeg));
  EXPECT_TRUE(IsCorrupt(sniff(soi + "\xFF\xD9"), ImageType::jpeg));
  EXPECT_TRUE(IsCorrupt(sniff(soi + "\xFF\xD8" + jpeg_sof(0xC0, 1, 1)), ImageType::jpeg)) << "second SOI";
  const std::string sof = jpeg_sof(0xC0, 1, 1);
  EXPECT_TRUE(IsCorrupt(sniff(soi + std::string("\xFF\x00", 2) + sof), ImageType::jpeg)) << "stuffed zero";
  EXPECT_TRUE(IsCorrupt(sniff(soi + std::string("\xFF\xE0\x00\x01", 4) + sof), ImageType::jpeg)) << "length 1";
  EXPECT_TRUE(IsCorrupt(sniff(soi + "\xFF\xE0\xFF\xF0" + jpeg_sof(0xC0, 1, 1)), ImageType::jpeg))
      << "segment longer than the file";
  EXPECT_TRUE(IsCorrupt(sniff(soi + std::string("\xFF\xE0\x00\x02", 4) + "garbage" + sof), ImageType::jpeg))
      << "bytes where a marker belongs";
}

TEST(Sniff, JpegFrameHeaderLiesAreCorrupt) {
  const std::string soi = "\xFF\xD8";
  std::string short_sof = "\xFF\xC0";
  put_be16(short_sof, 7);
  short_sof += std::string(5, '\x01');
  EXPECT_TRUE(IsCorrupt(sniff(soi + short_sof), ImageType::jpeg));
  auto sof = jpeg_sof(0xC0, 10, 10);
  sof[9] = 5;  // five components announced, three present
  EXPECT_TRUE(IsCorrupt(sniff(soi + sof), ImageType::jpeg));
  sof = jpeg_sof(0xC0, 10, 10);
  sof[4] = 0;  // precision 0
  EXPECT_TRUE(IsCorrupt(sniff(soi + sof), ImageType::jpeg));
}

TEST(Sniff, GifLiesAreCorrupt) {
  auto s = gif(1, 1);
  s[10] = '\x87';  // global colour table of 256 entries the file does not have
  EXPECT_TRUE(IsCorrupt(sniff(s), ImageType::gif));
  s = gif(1, 1);
  s[19] = '\x99';  // an unknown block where the extension starts
  EXPECT_TRUE(IsCorrupt(sniff(s), ImageType::gif));
  // The trailer before any image.
  EXPECT_TRUE(IsCorrupt(sniff(std::string("GIF87a\1\0\1\0\0\0\0;", 14)), ImageType::gif));
  // An extension whose sub-block runs off the end.
  EXPECT_TRUE(IsCorrupt(sniff(std::string("GIF89a\1\0\1\0\0\0\0\x21\xFE\x40"
                                          "abc",
                                          19)),
                        ImageType::gif));
}

TEST(Sniff, WebpLiesAreCorrupt) {
  auto s = webp_lossy(10, 10);
  s[4] = '\xF0';  // RIFF size beyond the file
  EXPECT_TRUE(IsCorrupt(sniff(s), ImageType::webp));
  s = webp_lossy(10, 10);
  s[20] = '\x51';  // interframe, not a key frame
  EXPECT_TRUE(IsCorrupt(sniff(s), ImageType::webp));
  s = webp_lossy(10, 10);
  s[24] = '\x02';  // broken start code
  EXPECT_TRUE(IsCorrupt(sniff(s), ImageType::webp));
  s = webp_lossless(10, 10);
  s[20] = '\x2E';  // VP8L signature
  EXPECT_TRUE(IsCorrupt(sniff(s), ImageType::webp));
  s = webp_lossless(10, 10);
  s[24] = char(s[24] | 0x20);  // version 1
  EXPECT_TRUE(IsCorrupt(sniff(s), ImageType::webp));
  EXPECT_TRUE(IsCorrupt(sniff(webp_file(riff_chunk("ALPH", std::string(10, '\0')))), ImageType::webp));
  s = webp_lossy(10, 10);
  s[16] = '\x7F';  // first chunk longer than the RIFF
  EXPECT_TRUE(IsCorrupt(sniff(s), ImageType::webp));
}

// ---------------------------------------------------------------- sizes

TEST(Sniff, HugeAndZeroDimensionsAreReportedAsTheHeaderSaysThem) {
  // Refusing them is the upload rules' job (validate.hpp); the sniffer must
  // read them exactly, without overflow.
  EXPECT_TRUE(IsImage(sniff(png(0x7FFFFFFF, 0x7FFFFFFF)), ImageType::png, 0x7FFFFFFF, 0x7FFFFFFF));
  EXPECT_TRUE(IsImage(sniff(png(0, 5)), ImageType::png, 0, 5));
  EXPECT_TRUE(IsImage(sniff(jpeg(65535, 0)), ImageType::jpeg, 65535, 0));
  EXPECT_TRUE(IsImage(sniff(gif(65535, 65535)), ImageType::gif, 65535, 65535));
  EXPECT_TRUE(IsImage(sniff(webp_lossy(16383, 16383)), ImageType::webp, 16383, 16383));
  EXPECT_TRUE(IsImage(sniff(webp_extended(1u << 24, 1u << 24)), ImageType::webp, 1u << 24, 1u << 24));
}

// ---------------------------------------------------------------- polyglots

TEST(Sniff, PolyglotsAreTheTypeOfTheirFirstBytesOnly) {
  // A GIF whose bytes are also meant to run as script ("GIFAR"-style), and a
  // PNG with HTML after IEND: each is exactly one image type to us, and is
  // served as that type with nosniff and a sandboxing CSP.
  const auto gif_script = gif(1, 1) + "*/=1;alert(document.domain)//";
  EXPECT_TRUE(IsImage(sniff(gif_script), ImageType::gif, 1, 1));
  const auto png_html = png(1, 1) + "<html><script>alert(1)</script>";
  EXPECT_TRUE(IsImage(sniff(png_html), ImageType::png, 1, 1));
  // A JPEG comment holding a PNG does not make it a PNG, nor a broken JPEG.
  const auto jpeg_png = jpeg(2, 2, jpeg_segment(0xFE, png(1, 1)));
  EXPECT_TRUE(IsImage(sniff(jpeg_png), ImageType::jpeg, 2, 2));
  // The PNG magic followed by a JPEG is a (broken) PNG, not a JPEG.
  EXPECT_TRUE(IsCorrupt(sniff(png_signature() + jpeg(1, 1)), ImageType::png));
}

}  // namespace
}  // namespace agora::uploads
