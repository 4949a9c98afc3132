// The upload rules: which refusal (status and slug) each bad upload gets,
// in the documented order.
#include "uploads/validate.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "uploads/test_images.hpp"

namespace agora::uploads {
namespace {

using namespace agora::uploads::test;

const Limits kLimits{1 << 20, 40'000'000};

// The status and slug check_upload throws, or 0 and "" when it accepts.
std::pair<int, std::string> outcome(std::optional<std::string_view> type, const std::string& body,
                                    const Limits& limits = kLimits) {
  try {
    check_upload(type, body, limits);
    return {0, ""};
  } catch (const Problem& p) {
    return {p.status(), p.type()};
  }
}

std::string detail(std::optional<std::string_view> type, const std::string& body) {
  try {
    check_upload(type, body, kLimits);
  } catch (const Problem& p) {
    return p.detail();
  }
  return {};
}

TEST(UploadRules, AcceptsEachFormatWithItsOwnType) {
  EXPECT_EQ(check_upload("image/png", png(2, 3), kLimits).height, 3u);
  EXPECT_EQ(check_upload("image/jpeg", jpeg(20, 30), kLimits).width, 20u);
  EXPECT_EQ(check_upload("image/gif", gif(1, 1), kLimits).type, ImageType::gif);
  EXPECT_EQ(check_upload("image/webp", webp_lossless(7, 8), kLimits).type, ImageType::webp);
  // Media type names are case-insensitive and may carry parameters.
  EXPECT_EQ(outcome("IMAGE/PNG; charset=binary", png(1, 1)).first, 0);
}

TEST(UploadRules, ClaimedTypeMustBeAnAcceptedImageType) {
  for (auto type : {"", "application/octet-stream", "image/svg+xml", "text/html", "image/png-x", "image/jpg", "image/*",
                    "multipart/form-data; boundary=x"})
    EXPECT_EQ(outcome(std::string_view(type), png(1, 1)), std::pair(415, std::string("unsupported-media-type")))
        << type;
  EXPECT_EQ(outcome(std::nullopt, png(1, 1)).first, 415);
}

TEST(UploadRules, EmptyBodyIs400AndTooLargeIs413) {
  EXPECT_EQ(outcome("image/png", ""), std::pair(400, std::string("bad-request")));
  const Limits small{100, 40'000'000};
  EXPECT_EQ(outcome("image/png", png(1, 1), small).first, 0) << png(1, 1).size();
  EXPECT_EQ(outcome("image/png", png(8, 8), small), std::pair(413, std::string("body-too-large")));
  // Size is checked before anything is parsed.
  EXPECT_EQ(outcome("image/png", std::string(101, 'x'), small).first, 413);
}

TEST(UploadRules, BytesThatAreNoImageAre415) {
  EXPECT_EQ(outcome("image/png", "<svg onload=alert(1)>"), std::pair(415, std::string("unsupported-media-type")));
  EXPECT_EQ(outcome("image/gif", "GIF"), std::pair(415, std::string("unsupported-media-type")));
}

TEST(UploadRules, AMismatchBetweenClaimAndBytesIs415ThatSaysSo) {
  EXPECT_EQ(outcome("image/png", jpeg(1, 1)).first, 415);
  EXPECT_EQ(outcome("image/webp", gif(1, 1)).first, 415);
  const auto why = detail("image/png", jpeg(1, 1));
  EXPECT_NE(why.find("image/jpeg"), std::string::npos) << why;
  EXPECT_NE(why.find("image/png"), std::string::npos) << why;
  // Even when the real type's header is broken, the mismatch is what is reported.
  EXPECT_EQ(outcome("image/png", jpeg(1, 1).substr(0, 10)).first, 415);
}

TEST(UploadRules, CorruptHeadersAre422) {
  EXPECT_EQ(outcome("image/png", png(4, 4).substr(0, 40)), std::pair(422, std::string("invalid-image")));
  EXPECT_EQ(outcome("image/jpeg", std::string("\xFF\xD8\xFF\xD9", 4)).first, 422);
  EXPECT_NE(detail("image/png", png(4, 4).substr(0, 40)).find("IEND"), std::string::npos);
}

TEST(UploadRules, ZeroAbsurdOrTooManyPixelsAre422) {
  EXPECT_EQ(outcome("image/png", png(0, 10)), std::pair(422, std::string("invalid-image")));
  EXPECT_EQ(outcome("image/jpeg", jpeg(10, 0)).first, 422);
  EXPECT_EQ(outcome("image/png", png(kMaxSide + 1, 1)).first, 422) << "one side above the cap";
  EXPECT_EQ(outcome("image/png", png(0x7FFFFFFF, 0x7FFFFFFF)).first, 422) << "area overflows 32 bits";
  EXPECT_EQ(outcome("image/webp", webp_extended(1u << 24, 1u << 24)).first, 422);
  // The pixel cap: exactly at it passes, one row more fails.
  const Limits cap{1 << 20, std::int64_t{1000} * 1000};
  EXPECT_EQ(outcome("image/gif", gif(1000, 1000), cap).first, 0);
  EXPECT_EQ(outcome("image/gif", gif(1000, 1001), cap).first, 422);
  EXPECT_EQ(outcome("image/gif", gif(65535, 65535)).first, 422) << "4.3 gigapixels against the 40M default";
}

}  // namespace
}  // namespace agora::uploads
