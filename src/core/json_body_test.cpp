#include "core/json_body.hpp"

#include <gtest/gtest.h>

namespace agora {
namespace {

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Problem& p) {
    return p.status();
  }
  return 0;
}

TEST(JsonBody, ReadsDeclaredFields) {
  auto b = JsonBody::parse("application/json; charset=utf-8", R"({"email":"a@b.co","n":3,"flag":true})");
  EXPECT_EQ(b.required_string("email"), "a@b.co");
  EXPECT_EQ(b.optional_int("n"), 3);
  EXPECT_EQ(b.optional_bool("flag"), true);
  EXPECT_NO_THROW(b.finish());
}

TEST(JsonBody, WrongContentTypeIs415) {
  EXPECT_EQ(status_of([] { JsonBody::parse("text/plain", "{}"); }), 415);
  EXPECT_EQ(status_of([] { JsonBody::parse("", "{}"); }), 415);
}

TEST(JsonBody, MalformedOrNonObjectIs400) {
  EXPECT_EQ(status_of([] { JsonBody::parse("application/json", "{\"a\":"); }), 400);
  EXPECT_EQ(status_of([] { JsonBody::parse("application/json", "[1,2]"); }), 400);
  EXPECT_EQ(status_of([] { JsonBody::parse("application/json", ""); }), 400);
  EXPECT_EQ(status_of([] { JsonBody::parse("application/json", "{\"a\":\"\xff\"}"); }), 400);  // invalid UTF-8
  EXPECT_EQ(status_of([] { JsonBody::parse("application/json", std::string(100, '[') + std::string(100, ']')); }),
            400);  // nesting bomb
}

// Issue 10: {"body":"a","body":"b"} was accepted, the last value winning; a
// proxy or a client library reading the first would see another request.
TEST(JsonBody, DuplicateKeysAreRefused) {
  EXPECT_EQ(status_of([] { JsonBody::parse("application/json", R"({"body":"a","body":"b"})"); }), 400);
  EXPECT_EQ(status_of([] { JsonBody::parse("application/json", R"({"body":"a","\u0062ody":"b"})"); }), 400);
  EXPECT_EQ(status_of([] { JsonBody::parse("application/json", R"({"x":{"k":1,"k":2}})"); }), 400);
  EXPECT_EQ(status_of([] { JsonBody::parse("application/json", R"({"a":[{"k":1},{"k":2}],"b":{"k":1}})"); }), 0);
  try {
    JsonBody::parse("application/json", R"({"title":"t","body":"a","body":"b"})");
  } catch (const Problem& p) {
    EXPECT_NE(p.detail().find("\"body\""), std::string::npos) << p.detail();
  }
}

TEST(JsonBody, ListsEveryFieldProblemAtOnce) {
  auto b = JsonBody::parse("application/json", R"({"email":5,"extra":"x","password":"a\u0000b"})");
  b.required_string("email");
  b.required_string("username");
  b.required_string("password");
  try {
    b.finish();
    FAIL();
  } catch (const Problem& p) {
    EXPECT_EQ(p.status(), 422);
    std::set<std::string> fields;
    for (const auto& e : p.errors()) fields.insert(e.field);
    EXPECT_EQ(fields, (std::set<std::string>{"email", "username", "password", "extra"}));
  }
}

TEST(JsonBody, OversizedStringIsAFieldError) {
  auto b = JsonBody::parse("application/json", "{\"name\":\"" + std::string(101, 'x') + "\"}");
  b.required_string("name", 100);
  EXPECT_EQ(status_of([&] { b.finish(); }), 422);
}

}  // namespace
}  // namespace agora
