#include "web/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace agora::web {
namespace {

using test::TempDir;

void write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string header(const http::Response& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "";
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write(dir.path() / "index.html", "<!doctype html><title>Agora</title>");
    write(dir.path() / "assets" / "index-1a2b3c.js", "console.log(1)");
    write(dir.path() / "favicon.svg", "<svg/>");
    files = StaticFiles::load(dir.path());
  }
  std::optional<http::Response> get(const std::string& path, const http::Headers& headers = {}) const {
    http::Request req;
    req.method = "GET";
    req.path = path;
    req.headers = headers;
    return files->respond(req);
  }
  TempDir dir{"agora-web"};
  std::shared_ptr<const StaticFiles> files;
};

TEST_F(StaticFilesTest, TheAppsUrlsAnswerIndexHtmlRevalidatedAndConfined) {
  for (const char* path : {"/", "/c/pets", "/p/42", "/u/ann/settings", "/index.html"}) {
    const auto r = get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->body, "<!doctype html><title>Agora</title>") << path;
    EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
    EXPECT_EQ(header(*r, "Cache-Control"), "no-cache") << "a deploy must show at once";
    const auto policy = header(*r, "Content-Security-Policy");
    EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << policy;
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
  }
  EXPECT_EQ(files->size(), 3U);
}

TEST_F(StaticFilesTest, FingerprintedAssetsAreCachedForAYearAndOthersRevalidated) {
  const auto js = get("/assets/index-1a2b3c.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(*js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(*js, "Content-Security-Policy"), "") << "a policy is the page's, not a script's";
  const auto icon = get("/favicon.svg");
  ASSERT_TRUE(icon);
  EXPECT_EQ(icon->content_type, "image/svg+xml");
  EXPECT_EQ(header(*icon, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, AMissingFileIsNotAnsweredWithTheAppsHtml) {
  EXPECT_FALSE(get("/assets/index-000000.js")) << "a stale script name must 404, not parse HTML as JavaScript";
  EXPECT_FALSE(get("/assets/new-page")) << "nothing under assets/ is an app URL";
  EXPECT_FALSE(get("/robots.txt"));
  EXPECT_FALSE(get("/../index.html.bak"));
}

TEST_F(StaticFilesTest, AnUnchangedFileIsA304WithoutBody) {
  const auto first = get("/assets/index-1a2b3c.js");
  ASSERT_TRUE(first);
  const auto etag = header(*first, "ETag");
  ASSERT_EQ(etag.size(), 34U) << etag;
  const auto again = get("/assets/index-1a2b3c.js", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  const auto changed = get("/assets/index-1a2b3c.js", {{"If-None-Match", "\"other\""}});
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200);
}

TEST(StaticFiles, AFolderWithoutIndexHtmlIsNotABuild) {
  TempDir empty("agora-web-empty");
  try {
    (void)StaticFiles::load(empty.path());
    FAIL() << "loaded a folder without index.html";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("index.html"), std::string::npos) << e.what();
  }
}

TEST(StaticFiles, ContentTypesFollowTheExtension) {
  EXPECT_EQ(content_type_of("a/b.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_of("x.woff2"), "font/woff2");
  EXPECT_EQ(content_type_of("x.webmanifest"), "application/manifest+json");
  EXPECT_EQ(content_type_of("noextension"), "application/octet-stream");
}

}  // namespace
}  // namespace agora::web
