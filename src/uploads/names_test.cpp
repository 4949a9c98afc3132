// Stored names, media types and ETag matching: the gate between client
// strings and the file system.
#include "uploads/names.hpp"

#include <gtest/gtest.h>

#include "uploads/routes.hpp"

namespace agora::uploads {
namespace {

using namespace std::string_literals;

// A digest: a function, not a namespace-scope std::string whose construction
// could throw before main.
std::string sha() { return std::string(64, 'a'); }

TEST(UploadNames, ExactlyDigestDotOurExtensionParses) {
  auto n = parse_file_name(sha() + ".png");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->sha256, sha());
  EXPECT_EQ(n->type, ImageType::png);
  EXPECT_EQ(n->file(), sha() + ".png");
  EXPECT_EQ(n->url(), "/media/" + sha() + ".png");
  EXPECT_EQ(parse_file_name("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.jpg")->type,
            ImageType::jpeg);
  EXPECT_EQ(parse_file_name(sha() + ".gif")->type, ImageType::gif);
  EXPECT_EQ(parse_file_name(sha() + ".webp")->type, ImageType::webp);
}

TEST(UploadNames, EverythingElseIsRefused) {
  for (const std::string& name : {std::string(),
                                  sha(),
                                  sha() + ".",
                                  sha() + ".jpeg",
                                  sha() + ".PNG",
                                  sha() + ".png.",
                                  sha() + ".png/",
                                  sha() + ".svg",
                                  sha() + ".png\0"s,
                                  std::string(63, 'a') + ".png",
                                  std::string(65, 'a') + ".png",
                                  std::string(64, 'A') + ".png",
                                  std::string(63, 'a') + "g.png",
                                  "../" + sha() + ".png",
                                  "/" + sha() + ".png",
                                  sha().substr(0, 62) + "..png",
                                  "." + sha() + ".png.tmp-0011223344556677",
                                  sha() + ".png.tmp-00",
                                  sha() + "/x.png",
                                  sha() + "%2epng",
                                  " " + sha() + ".png",
                                  sha() + ".png "})
    EXPECT_FALSE(parse_file_name(name)) << name;
}

TEST(UploadNames, MediaUrlsNeedTheExactPrefix) {
  EXPECT_TRUE(parse_media_url("/media/" + sha() + ".png"));
  for (const std::string& url : {"media/" + sha() + ".png", "/media//" + sha() + ".png", "//media/" + sha() + ".png",
                                 "https://example.com/media/" + sha() + ".png", "/media/" + sha() + ".png?x=1",
                                 "/MEDIA/" + sha() + ".png", "/media/../media/" + sha() + ".png"})
    EXPECT_FALSE(parse_media_url(url)) << url;
}

TEST(UploadNames, MediaTypesMapBothWays) {
  for (auto t : {ImageType::png, ImageType::jpeg, ImageType::gif, ImageType::webp}) {
    EXPECT_EQ(from_media_type(media_type(t)), t);
    EXPECT_EQ(from_extension(extension(t)), t);
  }
  EXPECT_EQ(from_media_type(" image/webp ; q=1"), ImageType::webp);
  EXPECT_FALSE(from_media_type("image/svg+xml"));
  EXPECT_FALSE(from_media_type("image/pngx"));
  EXPECT_FALSE(from_extension("jpeg"));
}

TEST(UploadEtag, IfNoneMatchUsesWeakComparisonOverAList) {
  const std::string etag = "\"" + sha() + "\"";
  EXPECT_TRUE(etag_matches(etag, etag));
  EXPECT_TRUE(etag_matches("W/" + etag, etag));
  EXPECT_TRUE(etag_matches("\"x\", " + etag + " , \"y\"", etag));
  EXPECT_TRUE(etag_matches("*", etag));
  EXPECT_FALSE(etag_matches(sha(), etag)) << "unquoted";
  EXPECT_FALSE(etag_matches("\"x\", \"y\"", etag));
  EXPECT_FALSE(etag_matches("", etag));
}

}  // namespace
}  // namespace agora::uploads
