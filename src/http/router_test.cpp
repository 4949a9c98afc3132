#include "http/router.hpp"

#include <gtest/gtest.h>

namespace agora::http {
namespace {

Handler noop() {
  return [](Request&) -> Task<Response> { co_return Response::no_content(); };
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router r;
  r.add("GET", "/api/v1/users/{username}", noop());
  r.add("GET", "/api/v1/me", noop());
  auto m = r.match("GET", "/api/v1/users/alice");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.pattern, "/api/v1/users/{username}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"username", "alice"}));
  EXPECT_NE(r.match("GET", "/api/v1/me/").handler, nullptr);  // trailing slash tolerated
  EXPECT_EQ(r.match("GET", "/api/v1/users").handler, nullptr);
  EXPECT_EQ(r.match("GET", "/api/v1/users/a/b").handler, nullptr);
}

TEST(Router, ReportsAllowedMethodsForKnownPaths) {
  Router r;
  r.add("POST", "/api/v1/auth/login", noop());
  auto m = r.match("GET", "/api/v1/auth/login");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.allow, "POST");
  EXPECT_TRUE(r.match("GET", "/nowhere").allow.empty());
}

TEST(Router, HeadFallsBackToGet) {
  Router r;
  r.add("GET", "/livez", noop());
  EXPECT_NE(r.match("HEAD", "/livez").handler, nullptr);
}

TEST(Router, TheFallbackAnswersOnlyReadsOfPathsNoRouteHasOutsideTheApi) {
  Router r;
  r.add("GET", "/api/v1/me", noop());
  r.add("POST", "/media/upload", noop());
  EXPECT_EQ(r.match("GET", "/c/pets").handler, nullptr) << "no fallback set yet";
  r.set_fallback("web", noop());
  for (const char* path : {"/", "/c/pets", "/assets/app-1a2b.js", "/apiary"}) {
    for (const char* method : {"GET", "HEAD"}) {
      const auto m = r.match(method, path);
      EXPECT_NE(m.handler, nullptr) << method << " " << path;
      EXPECT_EQ(m.pattern, "web") << method << " " << path;
    }
  }
  EXPECT_EQ(r.match("POST", "/c/pets").handler, nullptr) << "only reads";
  EXPECT_EQ(r.match("GET", "/api/v1/nope").handler, nullptr) << "a mistyped API call stays a 404";
  EXPECT_EQ(r.match("GET", "/api").handler, nullptr);
  const auto known = r.match("GET", "/media/upload");
  EXPECT_EQ(known.handler, nullptr) << "a path a route has answers 405, not the app";
  EXPECT_EQ(known.allow, "POST");
  EXPECT_EQ(r.match("GET", "/api/v1/me").pattern, "/api/v1/me");
}

TEST(Router, RefusesDuplicateRoutes) {
  Router r;
  r.add("GET", "/x", noop());
  EXPECT_THROW(r.add("GET", "/x", noop()), std::logic_error);
}

}  // namespace
}  // namespace agora::http
