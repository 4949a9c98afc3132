// The web app's build served by the real server beside the API (src/web):
// its pages and assets, HEAD, and the API's own 404s left alone.
#include <gtest/gtest.h>

#include <fstream>

#include "support/pg_cluster.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

namespace agora::test {
namespace {

class WebRoutes : public ::testing::Test {
 protected:
  WebRoutes() {
    std::ofstream(build.path() / "index.html") << "<!doctype html><title>Agora</title><div id=root></div>";
    std::filesystem::create_directories(build.path() / "assets");
    std::ofstream(build.path() / "assets" / "index-abc123.js") << "export {}";
  }
  TempDir build{"agora-web-build"};
  TestDatabase db;
};

TEST_F(WebRoutes, TheServerAnswersTheAppBesideTheApi) {
  TestServer server(db.url(), [&](Config& c) { c.web_dir = build.path().string(); });
  const auto client = server.client();
  const auto page = client.get("/c/pets?sort=new");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type(), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<div id=root>"), std::string::npos);
  EXPECT_EQ(page.header("cache-control"), "no-cache");
  EXPECT_TRUE(page.header("content-security-policy").has_value());
  EXPECT_EQ(page.header("x-content-type-options"), "nosniff");

  const auto script = client.get("/assets/index-abc123.js");
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.body, "export {}");
  EXPECT_EQ(script.header("cache-control"), "public, max-age=31536000, immutable");
  const auto head = client.request("HEAD", "/p/1");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");

  // Not the app: a stale asset, a mistyped API path, a write.
  const auto stale = client.get("/assets/index-old999.js");
  EXPECT_EQ(stale.status, 404);
  EXPECT_EQ(stale.content_type(), "application/problem+json");
  const auto api = client.get("/api/v1/nope");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.content_type(), "application/problem+json");
  EXPECT_EQ(client.post("/c/pets", "x=1", "application/x-www-form-urlencoded").status, 404);
  // The API itself is unchanged.
  EXPECT_EQ(client.get("/livez").status, 200);
}

TEST_F(WebRoutes, AConfiguredFolderThatIsNotABuildStopsTheServer) {
  TempDir empty("agora-web-empty");
  EXPECT_THROW(TestServer(db.url(), [&](Config& c) { c.web_dir = empty.path().string(); }), std::runtime_error);
}

TEST_F(WebRoutes, WithoutABuildUnknownPathsStayProblems) {
  TestServer server(db.url(), [&](Config& c) { c.web_dir = "off"; });
  const auto page = server.client().get("/c/pets");
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(page.content_type(), "application/problem+json");
}

}  // namespace
}  // namespace agora::test
