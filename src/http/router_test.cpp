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

TEST(Router, RefusesDuplicateRoutes) {
  Router r;
  r.add("GET", "/x", noop());
  EXPECT_THROW(r.add("GET", "/x", noop()), std::logic_error);
}

}  // namespace
}  // namespace agora::http
