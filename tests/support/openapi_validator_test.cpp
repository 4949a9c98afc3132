// The OpenAPI response validator of the HTTP tests: YAML reading, every JSON
// Schema keyword it implements (and the loud failure on those it does not),
// response lookup and checks, and the hook in the tests' HTTP client.
#include "support/openapi_validator.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <thread>

#include "support/http_client.hpp"

namespace agora::test::openapi {
namespace {
namespace json = boost::json;

// ------------------------------------------------------------------ YAML

TEST(OpenApiYaml, PlainScalarsFollowTheCoreSchemaAndQuotedOnesStayStrings) {
  const auto v = yaml_to_json(R"(
int: 123
negative: -7
hex: 0x1F
octal: 0o17
big: 18446744073709551615
float: 1.5
exponent: 1e3
yes_bool: true
quoted_bool: 'true'
quoted_int: "123"
quoted_code: '200'
null_word: null
tilde: ~
empty:
yaml11_yes: yes
word: hello
tagged: !!str 42
block: |
  two
  lines
flow: [string, 'null', 1]
)");
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("int"), json::value(123));
  EXPECT_TRUE(o.at("int").is_int64());
  EXPECT_EQ(o.at("negative"), json::value(-7));
  EXPECT_EQ(o.at("hex"), json::value(31));
  EXPECT_EQ(o.at("octal"), json::value(15));
  EXPECT_TRUE(o.at("big").is_uint64());
  EXPECT_EQ(o.at("float"), json::value(1.5));
  EXPECT_EQ(o.at("exponent"), json::value(1000.0));
  EXPECT_EQ(o.at("yes_bool"), json::value(true));
  EXPECT_EQ(o.at("quoted_bool"), json::value("true"));
  EXPECT_EQ(o.at("quoted_int"), json::value("123"));
  EXPECT_EQ(o.at("quoted_code"), json::value("200"));
  EXPECT_TRUE(o.at("null_word").is_null());
  EXPECT_TRUE(o.at("tilde").is_null());
  EXPECT_TRUE(o.at("empty").is_null());
  EXPECT_EQ(o.at("yaml11_yes"), json::value("yes")) << "YAML 1.2: yes is a string";
  EXPECT_EQ(o.at("word"), json::value("hello"));
  EXPECT_EQ(o.at("tagged"), json::value("42"));
  EXPECT_EQ(o.at("block"), json::value("two\nlines\n"));
  EXPECT_EQ(o.at("flow"), json::parse(R"(["string", "null", 1])"));
}

TEST(OpenApiYaml, WhatJsonCannotHoldOrYamlForbidsIsAnError) {
  EXPECT_THROW(yaml_to_json("a: 1\na: 2\n"), SpecError) << "duplicate key";
  EXPECT_THROW(yaml_to_json("a: [1\n"), SpecError) << "syntax";
  EXPECT_THROW(yaml_to_json("a: .inf\n"), SpecError);
  EXPECT_THROW(yaml_to_json("a: 99999999999999999999\n"), SpecError);
  EXPECT_THROW(yaml_to_json("a: !thing 1\n"), SpecError);
  EXPECT_THROW(yaml_to_json("? [1]\n: x\n"), SpecError) << "non-scalar key";
  try {
    yaml_to_json("x: 1\ny:\n  z: 2\n  z: 3\n");
    ADD_FAILURE() << "no error";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("line 4"), std::string::npos) << e.what();
  }
}

// ------------------------------------------------------------------ keywords

// A document holding the schema under test at /s, with shared definitions
// under /defs for $ref.
std::vector<Violation> check(const std::string& schema_yaml, const std::string& instance_json) {
  SchemaValidator v(yaml_to_json("s: " + schema_yaml + "\n" + R"(defs:
  small: {type: integer, maximum: 9}
  tree:
    type: object
    properties:
      name: {type: string}
      children: {type: array, items: {$ref: '#/defs/tree'}}
)"));
  return v.validate(json::parse(instance_json), "#/s");
}

struct KeywordCase {
  std::string schema;
  std::vector<std::string> good, bad;
  std::string failing_keyword;  // in the schema path of the violation of each bad instance
};

TEST(OpenApiSchema, EveryKeywordPassesGoodAndFailsBadInput) {
  const std::vector<KeywordCase> cases = {
      {"{type: string}", {R"("x")"}, {"1", "null", "{}"}, "/s/type"},
      {"{type: [string, 'null']}", {R"("x")", "null"}, {"1", "false"}, "/s/type"},
      {"{type: integer}", {"1", "-1", "1.0", "18446744073709551615"}, {"1.5", R"("1")"}, "/s/type"},
      {"{type: number}", {"1.5", "2"}, {R"("1")"}, "/s/type"},
      {"{type: [boolean, object, array]}", {"true", "{}", "[]"}, {"0"}, "/s/type"},
      {"{properties: {a: {type: string}}}",
       {"{}", R"({"a":"x"})", R"("not an object")"},
       {R"({"a":1})"},
       "/s/properties/a/type"},
      {"{required: [a, b]}", {R"({"a":1,"b":2})", "[]"}, {R"({"a":1})", "{}"}, "/s/required"},
      {"{properties: {a: {}}, additionalProperties: false}",
       {R"({"a":1})"},
       {R"({"a":1,"b":2})"},
       "/s/additionalProperties"},
      {"{additionalProperties: {type: integer}}", {R"({"x":1})"}, {R"({"x":"1"})"}, "/s/additionalProperties/type"},
      {"{items: {type: string}}", {"[]", R"(["a"])"}, {R"(["a", 1])"}, "/s/items/type"},
      {"{enum: [a, 1, null]}", {R"("a")", "1", "1.0", "null"}, {R"("b")", "2"}, "/s/enum"},
      {"{const: Bearer}", {R"("Bearer")"}, {R"("bearer")"}, "/s/const"},
      {"{const: {a: [1, 2]}}", {R"({"a":[1,2.0]})"}, {R"({"a":[2,1]})"}, "/s/const"},
      {"{allOf: [{type: integer}, {minimum: 2}]}", {"2"}, {"1", R"("x")"}, "/s/allOf/"},
      {"{anyOf: [{type: string}, {type: integer}]}", {R"("x")", "1"}, {"true"}, "/s/anyOf"},
      {"{oneOf: [{type: integer}, {minimum: 2}]}", {"1", "2.5", R"("x")"}, {"3"}, "/s/oneOf"},
      {"{$ref: '#/defs/small'}", {"9"}, {"10", R"("9")"}, "#/defs/small/"},
      {"{minimum: 1}", {"1", "1.5", R"("0")"}, {"0", "0.5", "-1"}, "/s/minimum"},
      {"{maximum: 9223372036854775807}", {"9223372036854775807", "-1"}, {"9223372036854775808"}, "/s/maximum"},
      {"{minLength: 3}", {R"("abc")", R"("ééé")", "1"}, {R"("ab")", R"("é")"}, "/s/minLength"},
      {"{maxLength: 3}", {R"("ééé")"}, {R"("abcd")"}, "/s/maxLength"},
      {"{minItems: 1}", {"[1]"}, {"[]"}, "/s/minItems"},
      {"{maxItems: 1}", {"[1]", "{}"}, {"[1,2]"}, "/s/maxItems"},
      {"{pattern: '^[a-z]+$'}", {R"("abc")", "1"}, {R"("aBc")", R"("")"}, "/s/pattern"},
      {"{pattern: 'b'}", {R"("abc")"}, {R"("xyz")"}, "/s/pattern"},  // not anchored
      {"{format: date-time}",
       {R"("2026-01-01T12:00:00.123456Z")", R"("2024-02-29T23:59:60+01:00")", R"("2026-01-01t00:00:00z")", "1"},
       {R"("2023-02-29T00:00:00Z")", R"("2026-01-01 12:00:00Z")", R"("2026-01-01T12:00:00")",
        R"("2026-01-01T24:00:00Z")", R"("2026-01-01T12:00:00.Z")", R"("2026-1-01T12:00:00Z")",
        R"("2026-01-01T12:00:00+0100")"},
       "/s/format"},
      {"{format: date}",
       {R"("2026-01-01")", R"("2024-02-29")", "7"},
       {R"("2023-02-29")", R"("2026-13-01")", R"("2026-1-01")", R"("2026-01-01T00:00:00Z")", R"("")"},
       "/s/format"},
      {"{format: email}",
       {R"("o'hara+tag@example.com")", R"("a.b@c-d.example")"},
       {R"("a@")", R"("@b.c")", R"("a b@c.d")", R"("a..b@c.d")", R"("a@-b.c")", R"(".a@b.c")"},
       "/s/format"},
      {"{format: uri-reference}",
       {R"("/problems/not-found")", R"("https://example.com/a?b=1#c")", R"("")"},
       {R"("/a b")", R"("1http:x")", R"("%zz")", R"("a#b#c")"},
       "/s/format"},
      {"{type: integer, format: int64}", {"1", "-9223372036854775808"}, {"1.5"}, "/s/type"},
      {"true", {"1", "null"}, {}, ""},
      {"false", {}, {"1", "null"}, "/s"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.schema);
    for (const auto& good : c.good) {
      const auto v = check(c.schema, good);
      EXPECT_TRUE(v.empty()) << good << " should pass: " << (v.empty() ? "" : to_string(v.front()));
    }
    for (const auto& bad : c.bad) {
      const auto v = check(c.schema, bad);
      ASSERT_FALSE(v.empty()) << bad << " should fail";
      EXPECT_NE(v.front().schema.find(c.failing_keyword), std::string::npos) << bad << ": " << to_string(v.front());
    }
  }
}

TEST(OpenApiSchema, ViolationsNameTheInstancePointerAndTheSchemaPath) {
  SchemaValidator v(yaml_to_json(R"(
components:
  schemas:
    Envelope:
      type: object
      properties:
        user: {$ref: '#/components/schemas/User'}
    User:
      type: object
      additionalProperties: false
      required: [id, created_at]
      properties:
        id: {type: integer}
        created_at: {type: string, format: date-time}
)"));
  const auto out =
      v.validate(json::parse(R"({"user":{"created_at":"yesterday","a/b~c":1}})"), "#/components/schemas/Envelope");
  ASSERT_EQ(out.size(), 3u);
  std::vector<std::string> seen;
  seen.reserve(out.size());
  for (const auto& x : out) seen.push_back(x.instance + " " + x.schema);
  EXPECT_NE(std::find(seen.begin(), seen.end(), "/user #/components/schemas/User/required"), seen.end());
  EXPECT_NE(std::find(seen.begin(), seen.end(), "/user/a~1b~0c #/components/schemas/User/additionalProperties"),
            seen.end());
  EXPECT_NE(
      std::find(seen.begin(), seen.end(), "/user/created_at #/components/schemas/User/properties/created_at/format"),
      seen.end());
  for (const auto& x : out) EXPECT_FALSE(x.message.empty());
}

TEST(OpenApiSchema, AnnotationsAndExtensionsAreAccepted) {
  EXPECT_TRUE(check("{type: string, description: d, title: t, example: x, examples: [y], default: z, deprecated: true, "
                    "readOnly: true, writeOnly: false, $comment: c, x-anything: 1}",
                    R"("x")")
                  .empty());
}

TEST(OpenApiSchema, KeywordsItDoesNotImplementThrowEvenWhereTheInstanceDoesNotReach) {
  for (const std::string schema : {
           "{type: string, nullable: true}",      // OpenAPI 3.0, gone in 3.1
           "{properties: {a: {multipleOf: 2}}}",  // never reached by {}
           "{patternProperties: {x: {}}}",
           "{items: [{type: string}]}",  // the pre-2020-12 tuple form
           "{format: uuid}",
           "{type: strin}",
           "{required: a}",
           "{pattern: '('}",
           "{minLength: -1}",
           "{$ref: 'other.yaml#/x'}",
           "{$ref: '#/nowhere'}",
           "{discriminator: {propertyName: kind}}",
       }) {
    SCOPED_TRACE(schema);
    EXPECT_THROW(check(schema, "{}"), SpecError);
  }
  try {
    check("{properties: {a: {nullable: true}}}", "{}");
    ADD_FAILURE() << "no error";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("'nullable'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("#/s/properties/a/nullable"), std::string::npos) << e.what();
  }
}

TEST(OpenApiSchema, RefCyclesTerminate) {
  SchemaValidator v(yaml_to_json(R"(
a: {$ref: '#/b'}
b: {$ref: '#/a'}
c: {allOf: [{type: object}, {$ref: '#/c'}]}
d: {anyOf: [{$ref: '#/e'}]}
e: {oneOf: [{type: string}, {$ref: '#/d'}]}
)"));
  for (const std::string p : {"#/a", "#/c", "#/d"}) {
    SCOPED_TRACE(p);
    try {
      v.validate(json::parse("{}"), p);
      ADD_FAILURE() << "no error";
    } catch (const SpecError& e) {
      EXPECT_NE(std::string(e.what()).find("cycle"), std::string::npos) << e.what();
    }
  }
}

TEST(OpenApiSchema, RecursiveSchemasValidateNestedData) {
  EXPECT_TRUE(
      check("{$ref: '#/defs/tree'}", R"({"name":"r","children":[{"name":"a","children":[{"name":"b"}]}]})").empty());
  const auto v = check("{$ref: '#/defs/tree'}", R"({"name":"r","children":[{"children":[{"name":2}]}]})");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].instance, "/children/0/children/0/name");
  EXPECT_EQ(v[0].schema, "#/defs/tree/properties/name/type");
}

// ------------------------------------------------------------------ responses

const char* const kMiniSpec = R"(
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /things/{id}:
    get:
      responses:
        '200':
          description: ok
          headers:
            ETag: {required: true, schema: {type: string}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
              example: {nullable: true}
        '4XX': {$ref: '#/components/responses/Problem'}
    delete:
      responses:
        '204': {description: gone}
        default: {$ref: '#/components/responses/Problem'}
  /things/special:
    get:
      responses:
        '200':
          description: text
          content:
            text/plain; version=1:
              schema: {type: string, maxLength: 5}
  /slow:
    post:
      responses:
        '429':
          description: limited
          headers:
            Retry-After: {$ref: '#/components/headers/Retry-After'}
          content:
            application/problem+json:
              schema: {$ref: '#/components/schemas/Problem'}
components:
  headers:
    Retry-After: {required: true, schema: {type: integer, minimum: 1}}
  responses:
    Problem:
      description: a problem
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
  schemas:
    Thing: {type: object, additionalProperties: false, required: [id], properties: {id: {type: integer}}}
    Problem:
      type: object
      required: [type, title, status]
      properties:
        type: {type: string}
        title: {type: string}
        status: {type: integer}
        request_id: {type: string}
)";

const OpenApiSpec& mini() {
  static const OpenApiSpec spec(yaml_to_json(kMiniSpec));
  return spec;
}

std::vector<std::string> respond(const std::optional<RequestLine>& request, int status, const Headers& headers,
                                 std::string_view body = {}) {
  return check_response(mini(), request, {status, &headers, body});
}

// The first violation containing `text`, or a failure listing them all.
::testing::AssertionResult Mentions(const std::vector<std::string>& violations, const std::string& text) {
  for (const auto& v : violations)
    if (v.find(text) != std::string::npos) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure() << "no violation mentions '" << text << "'; got:";
  for (const auto& v : violations) failure << "\n  " << v;
  return failure;
}

constexpr const char* kProblem = "application/problem+json";
std::string problem(int status, const std::string& type) {
  return R"({"type":")" + type + R"(","title":"T","status":)" + std::to_string(status) + "}";
}

TEST(OpenApiSpecLookup, PathsMatchLikeTheRouterAndConcreteOnesWin) {
  EXPECT_EQ(mini().match_path("/things/special"), "/things/special");
  EXPECT_EQ(mini().match_path("/things/7"), "/things/{id}");
  EXPECT_EQ(mini().match_path("//things//7/"), "/things/{id}");
  EXPECT_EQ(mini().match_path("/things"), std::nullopt);
  EXPECT_EQ(mini().match_path("/things/7/x"), std::nullopt);
  EXPECT_EQ(mini().methods("/things/{id}"), (std::vector<std::string>{"GET", "DELETE"}));
}

TEST(OpenApiSpecLookup, ResponsesByCodeRangeOrDefaultWithRefsResolved) {
  EXPECT_EQ(mini().find_response("GET", "/things/{id}", 200)->pointer, "#/paths/~1things~1{id}/get/responses/200");
  EXPECT_EQ(mini().find_response("HEAD", "/things/{id}", 200)->pointer, "#/paths/~1things~1{id}/get/responses/200");
  EXPECT_EQ(mini().find_response("GET", "/things/{id}", 404)->pointer, "#/components/responses/Problem");
  EXPECT_EQ(mini().find_response("GET", "/things/{id}", 500), std::nullopt);
  EXPECT_EQ(mini().find_response("DELETE", "/things/{id}", 500)->pointer, "#/components/responses/Problem");
  EXPECT_EQ(mini().find_response("PUT", "/things/{id}", 200), std::nullopt);
  EXPECT_EQ(mini().find_response("GET", "/nope", 200), std::nullopt);
}

TEST(OpenApiSpecLookup, AnUnsupportedKeywordAnywhereFailsLoadingButExamplesAreData) {
  std::string bad = kMiniSpec;
  bad += "    Unused: {type: string, nullable: true}\n";
  try {
    OpenApiSpec spec(yaml_to_json(bad));
    ADD_FAILURE() << "no error";
  } catch (const SpecError& e) {
    EXPECT_NE(std::string(e.what()).find("#/components/schemas/Unused/nullable"), std::string::npos) << e.what();
  }
  EXPECT_THROW(OpenApiSpec(yaml_to_json("openapi: 3.0.3\npaths: {}\n")), SpecError);
}

TEST(OpenApiResponses, ADeclaredResponseIsCheckedForBodyContentTypeAndHeaders) {
  const RequestLine get{"GET", "/things/7"};
  const Headers ok = {{"Content-Type", "application/json; charset=utf-8"}, {"ETag", "\"1\""}};
  EXPECT_TRUE(respond(get, 200, ok, R"({"id":7})").empty());
  EXPECT_TRUE(respond(RequestLine{"GET", "/things/%37?x=1"}, 200, ok, R"({"id":7})").empty());
  EXPECT_TRUE(respond(RequestLine{"HEAD", "/things/7"}, 200, ok).empty()) << "HEAD has no body to check";

  const auto wrong = respond(get, 200, ok, R"({"id":"7","extra":1})");
  EXPECT_TRUE(Mentions(wrong, "body /id: is a string, expected integer"));
  EXPECT_TRUE(Mentions(wrong, "body /extra: property \"extra\" is not allowed"));
  EXPECT_TRUE(Mentions(wrong, "#/components/schemas/Thing/properties/id/type"));
  EXPECT_TRUE(Mentions(respond(get, 200, ok, "{"), "body is not JSON"));
  EXPECT_TRUE(
      Mentions(respond(get, 200, {{"Content-Type", "application/json"}}, R"({"id":7})"), "header ETag is required"));
  EXPECT_TRUE(Mentions(respond(get, 200, {{"Content-Type", "text/html"}, {"ETag", "x"}}, "<p>"),
                       "Content-Type text/html is not declared"));
  EXPECT_TRUE(Mentions(respond(get, 200, {{"ETag", "x"}}, R"({"id":7})"), "no Content-Type"));
}

TEST(OpenApiResponses, MediaTypeParametersOfTheSpecMustBeSent) {
  const RequestLine get{"GET", "/things/special"};
  EXPECT_TRUE(respond(get, 200, {{"Content-Type", "text/plain; charset=utf-8; Version=1"}}, "hello").empty());
  EXPECT_TRUE(Mentions(respond(get, 200, {{"Content-Type", "text/plain; version=1"}}, "hello!"), "at most 5"));
  EXPECT_TRUE(Mentions(respond(get, 200, {{"Content-Type", "text/plain"}}, "hello"), "is not declared"));
}

TEST(OpenApiResponses, NoContentMeansNoBody) {
  const RequestLine del{"DELETE", "/things/7"};
  EXPECT_TRUE(respond(del, 204, {}).empty());
  EXPECT_TRUE(Mentions(respond(del, 204, {{"Content-Type", "application/json"}}, "{}"), "must not have a body"));
  EXPECT_TRUE(respond(del, 409, {{"Content-Type", kProblem}}, problem(409, "/problems/conflict")).empty()) << "default";
}

TEST(OpenApiResponses, DeclaredHeadersAreRequiredAndValidatedAsTheirSchemaType) {
  const RequestLine post{"POST", "/slow"};
  const std::string body = problem(429, "/problems/rate-limited");
  EXPECT_TRUE(respond(post, 429, {{"Content-Type", kProblem}, {"Retry-After", "5"}}, body).empty());
  EXPECT_TRUE(Mentions(respond(post, 429, {{"Content-Type", kProblem}, {"Retry-After", "0"}}, body),
                       "header Retry-After: 0 is less than the minimum 1"));
  EXPECT_TRUE(
      Mentions(respond(post, 429, {{"Content-Type", kProblem}, {"Retry-After", "soon"}}, body), "expected integer"));
  EXPECT_TRUE(Mentions(respond(post, 429, {{"Content-Type", kProblem}}, body), "header Retry-After is required"));
}

TEST(OpenApiResponses, ProblemBodiesRepeatTheStatusAndTheRequestId) {
  const RequestLine get{"GET", "/things/7"};
  EXPECT_TRUE(Mentions(respond(get, 404, {{"Content-Type", kProblem}}, problem(400, "/problems/not-found")),
                       "differs from the HTTP status 404"));
  EXPECT_TRUE(Mentions(respond(get, 404, {{"Content-Type", kProblem}, {"X-Request-Id", "a"}},
                               R"({"type":"t","title":"T","status":404,"request_id":"b"})"),
                       "differs from the X-Request-Id header"));
}

TEST(OpenApiResponses, UnknownPathsMayOnlyGetTheGenericProblems) {
  const RequestLine nope{"GET", "/nope"};
  EXPECT_TRUE(respond(nope, 404, {{"Content-Type", kProblem}}, problem(404, "/problems/not-found")).empty());
  EXPECT_TRUE(respond(RequestLine{"HEAD", "/nope"}, 404, {{"Content-Type", kProblem}}).empty());
  EXPECT_TRUE(respond(RequestLine{"GET", "/things/%ZZ"}, 400, {{"Content-Type", kProblem}},
                      problem(400, "/problems/bad-request"))
                  .empty());
  EXPECT_TRUE(
      Mentions(respond(nope, 200, {{"Content-Type", "application/json"}}, "{}"), "matches no path of the spec"));
  EXPECT_TRUE(
      Mentions(respond(nope, 404, {{"Content-Type", "application/json"}}, "{}"), "must be application/problem+json"));
  EXPECT_TRUE(Mentions(respond(nope, 404, {{"Content-Type", kProblem}}, problem(404, "/problems/gone")),
                       "must be \"/problems/not-found\""));
  EXPECT_TRUE(Mentions(respond(nope, 404, {{"Content-Type", kProblem}}, R"({"type":"/problems/not-found"})"),
                       "required property \"title\" is missing"));
}

TEST(OpenApiResponses, OtherMethodsOnAKnownPathGet405WithAllow) {
  const RequestLine put{"PUT", "/things/7"};
  const std::string body = problem(405, "/problems/method-not-allowed");
  EXPECT_TRUE(respond(put, 405, {{"Content-Type", kProblem}, {"Allow", "GET, DELETE"}}, body).empty());
  EXPECT_TRUE(Mentions(respond(put, 405, {{"Content-Type", kProblem}, {"Allow", "GET"}}, body), "header Allow"));
  EXPECT_TRUE(Mentions(respond(put, 404, {{"Content-Type", kProblem}}, problem(404, "/problems/not-found")),
                       "the spec has no PUT operation on /things/{id}"));
}

TEST(OpenApiResponses, UndeclaredStatusesFailUnlessAllowedOnAnyRequest) {
  const RequestLine get{"GET", "/things/special"};
  EXPECT_TRUE(Mentions(respond(get, 422, {{"Content-Type", kProblem}}, problem(422, "/problems/validation")),
                       "status 422 is not declared for GET /things/special"));
  for (const auto& [status, slug] : std::vector<std::pair<int, std::string>>{{400, "bad-request"},
                                                                             {408, "timeout"},
                                                                             {413, "body-too-large"},
                                                                             {431, "header-too-large"},
                                                                             {500, "internal"}}) {
    SCOPED_TRACE(status);
    EXPECT_TRUE(respond(get, status, {{"Content-Type", kProblem}}, problem(status, "/problems/" + slug)).empty());
    EXPECT_TRUE(
        respond(std::nullopt, status, {{"Content-Type", kProblem}}, problem(status, "/problems/" + slug)).empty());
  }
  EXPECT_TRUE(Mentions(respond(std::nullopt, 200, {{"Content-Type", "application/json"}}, "{}"), "cannot identify"));
  EXPECT_TRUE(respond(get, 100, {}).empty()) << "interim responses are not checked";
}

// ------------------------------------------------------------------ the real spec

const OpenApiSpec& real() {
  static const OpenApiSpec spec = OpenApiSpec::load(std::string(AGORA_SOURCE_DIR) + "/docs/openapi.yaml");
  return spec;
}

TEST(OpenApiRealSpec, LoadsAndEveryRouteIsFound) {
  ASSERT_NO_THROW(real());
  EXPECT_EQ(real().match_path("/api/v1/users/ada"), "/api/v1/users/{username}");
  EXPECT_EQ(real().match_path("/api/v1/me/password"), "/api/v1/me/password");
  EXPECT_EQ(real().methods("/api/v1/auth/signup"), std::vector<std::string>{"POST"});
}

TEST(OpenApiRealSpec, DeliberatelyWrongResponsesFail) {
  const Headers json_headers = {{"Content-Type", "application/json"}, {"X-Request-Id", "r1"}};
  const RequestLine livez{"GET", "/livez"};
  EXPECT_TRUE(check_response(real(), livez, {200, &json_headers, R"({"status":"ok"})"}).empty());
  EXPECT_TRUE(Mentions(check_response(real(), livez, {200, &json_headers, R"({"status":"dead"})"}),
                       "body /status: \"dead\" is not \"ok\""));

  const RequestLine me{"GET", "/api/v1/me"};
  const auto user = check_response(
      real(), me,
      {200, &json_headers,
       R"({"user":{"id":1,"username":"ada","email":"ada@example.com","role":"owner","email_verified":false,)"
       R"("created_at":"2026-01-01 12:00:00","password_hash":"x"}})"});
  EXPECT_TRUE(Mentions(user, "body /user/role"));
  EXPECT_TRUE(Mentions(user, "body /user/created_at"));
  EXPECT_TRUE(Mentions(user, "body /user/password_hash"));

  const Headers text = {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}, {"X-Request-Id", "r2"}};
  EXPECT_TRUE(check_response(real(), RequestLine{"GET", "/metrics"}, {200, &text, "# metrics\n"}).empty());
}

// ------------------------------------------------------------------ the hook

// Answers one connection with a canned response, like a server that does
// not follow the spec.
class CannedServer {
 public:
  explicit CannedServer(std::string response) : response_(std::move(response)) {
    using boost::asio::ip::tcp;
    acceptor_.open(tcp::v4());
    acceptor_.bind({boost::asio::ip::address_v4::loopback(), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { serve(); });
  }
  ~CannedServer() {
    // A client that never came (the test failed early) must not hang us.
    if (!served_) {
      boost::asio::ip::tcp::socket poke(ioc_);
      boost::system::error_code ignored;
      poke.connect({boost::asio::ip::address_v4::loopback(), port_}, ignored);
    }
    thread_.join();
  }
  int port() const { return port_; }

 private:
  void serve() {
    boost::system::error_code ec;
    auto socket = acceptor_.accept(ec);
    std::string request;
    char buf[4096];
    while (!ec && request.find("\r\n\r\n") == std::string::npos)
      request.append(buf, socket.read_some(boost::asio::buffer(buf), ec));
    if (!ec) boost::asio::write(socket, boost::asio::buffer(response_), ec);
    socket.close(ec);
    acceptor_.close(ec);
    served_ = true;
  }

  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_{ioc_};
  std::string response_;
  std::atomic<bool> served_{false};
  std::thread thread_;
  std::uint16_t port_ = 0;
};

std::string http_response(int status, const std::string& content_type, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + content_type +
         "\r\nX-Request-Id: canned\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

// The non-fatal failures the harness reported while `f` ran, intercepted
// so that they do not fail this test.
template <class F>
std::vector<std::string> reported(F&& f) {
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    f();
  }
  std::vector<std::string> out;
  for (int i = 0; i < results.size(); ++i) {
    EXPECT_TRUE(results.GetTestPartResult(i).nonfatally_failed()) << results.GetTestPartResult(i).message();
    out.emplace_back(results.GetTestPartResult(i).message());
  }
  return out;
}

TEST(OpenApiHook, TheHttpClientFailsTheTestOnAResponseTheSpecDoesNotDescribe) {
  CannedServer wrong(http_response(200, "application/json", R"({"status":"dead"})"));
  const auto results = reported([&] { EXPECT_EQ(HttpClient(wrong.port()).get("/livez").status, 200); });
  ASSERT_EQ(results.size(), 1u);
  const std::string& message = results[0];
  EXPECT_NE(message.find("response does not match docs/openapi.yaml"), std::string::npos) << message;
  EXPECT_NE(message.find("request:  GET /livez"), std::string::npos) << message;
  EXPECT_NE(message.find("response: 200 application/json"), std::string::npos) << message;
  EXPECT_NE(message.find("body /status: \"dead\" is not \"ok\""), std::string::npos) << message;
}

TEST(OpenApiHook, ARawConnectionChecksWhatItReadsAgainstTheRequestItSent) {
  CannedServer wrong(http_response(200, "application/json", R"({"status":"ok","extra":true})"));
  const auto results = reported([&] {
    RawConnection c(wrong.port());
    c.send(format_request("GET", "/livez", "", {}));
    c.read_response();
  });
  ASSERT_EQ(results.size(), 1u);
  EXPECT_NE(results[0].find("body /extra"), std::string::npos) << results[0];
}

TEST(OpenApiHook, ConformingResponsesPassSilently) {
  CannedServer right(http_response(200, "application/json", R"({"status":"ok"})"));
  const auto results = reported([&] { HttpClient(right.port()).get("/livez"); });
  EXPECT_TRUE(results.empty()) << results.front();
  CannedServer unknown(
      http_response(404, "application/problem+json",
                    R"({"type":"/problems/not-found","title":"Not found","status":404,"instance":"/x"})"));
  const auto unknown_results = reported([&] { HttpClient(unknown.port()).get("/x"); });
  EXPECT_TRUE(unknown_results.empty()) << unknown_results.front();
}

}  // namespace
}  // namespace agora::test::openapi
