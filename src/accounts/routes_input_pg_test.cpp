// Hostile and malformed request bodies against every accounts endpoint that
// takes one: each must get a clear 4xx problem+json (never a 5xx) and leave
// no partial rows behind.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

constexpr const char* kNewPassword = "Another-Secret-77-pass";
constexpr std::size_t kMaxBody = std::size_t{16} * 1024;

struct Endpoint {
  std::string path;
  json::object valid;  // a body that would be accepted
  bool needs_auth = false;
};

struct Case {
  std::string name;
  std::string content_type;
  std::string body;
  int status;              // expected status
  std::string field = {};  // for 422: the field errors[] must name
};

std::string with(const json::object& base, const std::string& field, const json::value& value) {
  json::object o = base;
  o[field] = value;
  return json::serialize(o);
}

std::string without(const json::object& base, const std::string& field) {
  json::object o = base;
  o.erase(field);
  return json::serialize(o);
}

// Replaces the value of `field` in the serialized valid body with raw JSON text.
std::string with_raw(const json::object& base, const std::string& field, const std::string& raw_value) {
  json::object o = base;
  o[field] = "@@RAW@@";
  std::string s = json::serialize(o);
  return s.replace(s.find("\"@@RAW@@\""), 9, raw_value);
}

std::vector<Case> cases_for(const Endpoint& e) {
  const std::string json_type = "application/json";
  const std::string valid = json::serialize(e.valid);
  const std::string first_field(e.valid.begin()->key());
  std::vector<Case> out = {
      {"truncated JSON", json_type, valid.substr(0, valid.size() / 2), 400},
      {"trailing garbage", json_type, valid + "}", 400},
      {"two objects", json_type, valid + valid, 400},
      {"single quotes", json_type, "{'" + first_field + "': 'x'}", 400},
      {"comment", json_type, "{/* hi */}", 400},
      {"array", json_type, "[]", 400},
      {"array holding the body", json_type, "[" + valid + "]", 400},
      {"string", json_type, "\"hello\"", 400},
      {"number", json_type, "42", 400},
      {"null", json_type, "null", 400},
      {"true", json_type, "true", 400},
      {"empty body", json_type, "", 400},
      {"whitespace body", json_type, "  \r\n ", 400},
      {"invalid UTF-8 in a string", json_type, with_raw(e.valid, first_field, "\"ab\xff\xfe\""), 400},
      {"overlong UTF-8 in a string", json_type, with_raw(e.valid, first_field, "\"\xc0\xaf\""), 400},
      {"UTF-16 surrogate bytes in a string", json_type, with_raw(e.valid, first_field, "\"\xed\xa0\x80\""), 400},
      {"invalid UTF-8 in a key", json_type, "{\"\xc3\x28\": 1}", 400},
      {"lone surrogate escape", json_type, with_raw(e.valid, first_field, "\"\\ud800\""), 400},
      {"nesting 40 deep", json_type, "{\"x\":" + std::string(40, '[') + std::string(40, ']') + "}", 400},
      {"text/plain", "text/plain", valid, 415},
      {"no content type", "", valid, 415},
      {"form encoding", "application/x-www-form-urlencoded", first_field + "=x", 415},
      {"lookalike type", "application/jsonx", valid, 415},
      {"multipart", "multipart/form-data; boundary=x", valid, 415},
      {"empty object", json_type, "{}", 422, first_field},
      {"unknown field", json_type, with(e.valid, "is_admin", true), 422, "is_admin"},
      {"unknown field role", json_type, with(e.valid, "role", "admin"), 422, "role"},
  };
  for (const auto& kv : e.valid) {
    const std::string f(kv.key());
    out.push_back({f + " missing", json_type, without(e.valid, f), 422, f});
    out.push_back({f + " null", json_type, with(e.valid, f, nullptr), 422, f});
    out.push_back({f + " number", json_type, with(e.valid, f, 12345), 422, f});
    out.push_back({f + " huge number", json_type, with_raw(e.valid, f, "1e400"), 422, f});
    out.push_back({f + " bool", json_type, with(e.valid, f, false), 422, f});
    out.push_back({f + " object", json_type, with(e.valid, f, json::object{{"$ne", ""}}), 422, f});
    out.push_back({f + " array", json_type, with(e.valid, f, json::array{"a", "b"}), 422, f});
    out.push_back({f + " NUL only", json_type, with_raw(e.valid, f, "\"\\u0000\""), 422, f});
    out.push_back({f + " NUL inside", json_type, with_raw(e.valid, f, "\"abc\\u0000def\""), 422, f});
    out.push_back({f + " 5000 bytes", json_type, with(e.valid, f, json::value(std::string(5000, 'a'))), 422, f});
  }
  return out;
}

class AccountsInput : public ApiTest {
 protected:
  void configure(Config& c) override { c.http_max_body_bytes = kMaxBody; }

  void SetUp() override {
    ApiTest::SetUp();
    signup_ok("input@example.com", "input_user");
    session_ = login_ok("input_user");
    endpoints_ = {
        {"/api/v1/auth/signup", {{"email", "fresh@example.com"}, {"username", "fresh_user"}, {"password", kPassword}}},
        {"/api/v1/auth/login", {{"login", "input_user"}, {"password", kPassword}}},
        {"/api/v1/me/password", {{"current_password", kPassword}, {"new_password", kNewPassword}}, true},
        {"/api/v1/auth/verify-email", {{"token", "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF"}}},
        {"/api/v1/auth/password-reset", {{"email", "input@example.com"}}},
        {"/api/v1/auth/password-reset/confirm",
         {{"token", "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF"}, {"new_password", kNewPassword}}},
    };
  }

  HttpResponse send(const Endpoint& e, const std::string& content_type, const std::string& body) {
    HeaderList headers;
    if (e.needs_auth) headers.push_back(bearer(session_.token));
    return http().post(e.path, body, content_type, headers);
  }

  LoggedIn session_;
  std::vector<Endpoint> endpoints_;
};

TEST_F(AccountsInput, EveryMalformedBodyGetsAClear4xxAndLeavesNoRows) {
  const auto before = db().account_counts();
  const std::string hash = db().scalar("SELECT password_hash FROM users");
  int checked = 0;
  for (const auto& e : endpoints_) {
    for (const auto& c : cases_for(e)) {
      SCOPED_TRACE(e.path + ": " + c.name);
      auto r = send(e, c.content_type, c.body);
      ASSERT_LT(r.status, 500) << describe(r);
      if (c.status == 422) EXPECT_TRUE(HasFieldError(r, 422, c.field));
      else EXPECT_TRUE(IsProblem(r, c.status));
      ++checked;
    }
  }
  EXPECT_GT(checked, 6 * 40);
  EXPECT_EQ(db().account_counts(), before);
  EXPECT_EQ(db().scalar("SELECT password_hash FROM users"), hash) << "a refused request changed the password";
  EXPECT_EQ(login("input_user").status, 200);
}

TEST_F(AccountsInput, EmptyObjectListsEveryMissingField) {
  for (const auto& e : endpoints_) {
    SCOPED_TRACE(e.path);
    auto r = send(e, "application/json", "{}");
    for (const auto& kv : e.valid) EXPECT_TRUE(HasFieldError(r, 422, std::string(kv.key())));
  }
}

TEST_F(AccountsInput, ContentTypeParametersAndCaseAreAccepted) {
  // The counterpart of the 415 cases: a JSON body labelled in any legal way works.
  auto r = http().post("/api/v1/auth/login", json::serialize(endpoints_[1].valid), "Application/JSON; charset=UTF-8");
  EXPECT_EQ(r.status, 200) << describe(r);
}

TEST_F(AccountsInput, OversizedBodiesAre413) {
  const auto before = db().account_counts();
  for (const auto& e : endpoints_) {
    SCOPED_TRACE(e.path);
    std::string body = with(e.valid, "padding", json::value(std::string(kMaxBody + 100, 'p')));
    auto r = send(e, "application/json", body);
    EXPECT_TRUE(IsProblem(r, 413));
  }
  EXPECT_EQ(db().account_counts(), before);
}

TEST_F(AccountsInput, DomainRulesReportEveryBadFieldAtOnce) {
  const auto before = db().account_counts();
  auto r = http().post_json("/api/v1/auth/signup",
                            json::object{{"email", "not an email"}, {"username", "x"}, {"password", "short"}});
  EXPECT_TRUE(HasFieldError(r, 422, "email"));
  EXPECT_TRUE(HasFieldError(r, 422, "username"));
  EXPECT_TRUE(HasFieldError(r, 422, "password"));
  for (const std::string& name :
       std::vector<std::string>{"admin", "Root", "has space", "dash-name", "caf\xc3\xa9", std::string(33, 'a')})
    EXPECT_TRUE(HasFieldError(signup("ok@example.com", name), 422, "username")) << name;
  for (const std::string& email :
       std::vector<std::string>{"a@b", "@example.com", "x@example.123", "two@@example.com", "sp ace@example.com",
                                "dot.@example.com", "x@-example.com", std::string(250, 'a') + "@example.com"})
    EXPECT_TRUE(HasFieldError(signup(email, "okname"), 422, "email")) << email;
  std::string long_multibyte;  // 257 characters, 514 bytes: the limit counts characters
  for (int i = 0; i < 257; ++i) long_multibyte += i % 2 ? "\xc3\xa9" : "\xc3\xb8";
  for (const std::string& pw :
       std::vector<std::string>{"aaaaaaaaaaaa", "1234567890", "okname-and-more", "ok-local-part-1",
                                "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", std::string(257, 'x'), long_multibyte})
    EXPECT_TRUE(HasFieldError(signup("ok-local-part@example.com", "okname", pw), 422, "password")) << pw;
  EXPECT_EQ(db().account_counts(), before);
}

TEST_F(AccountsInput, SqlLookingValuesAreStoredAndReadBackVerbatim) {
  const std::string email = "o'hara@example.com";
  const std::string username = "Robert_DROP";
  const std::string password = "'; DROP TABLE users; --xyz";
  auto r = signup(email, username, password);
  ASSERT_EQ(r.status, 201) << describe(r);
  EXPECT_EQ(r.object().at("user").at("email").as_string(), email);
  EXPECT_EQ(r.object().at("user").at("username").as_string(), username);

  EXPECT_EQ(db().scalar("SELECT email FROM users WHERE username = 'Robert_DROP'"), email);
  EXPECT_EQ(db().scalar("SELECT count(*) FROM users"), "2");
  auto profile = http().get("/api/v1/users/Robert_DROP");
  ASSERT_EQ(profile.status, 200) << describe(profile);
  EXPECT_EQ(profile.object().at("username").as_string(), username);

  auto by_email = login(email, password);
  ASSERT_EQ(by_email.status, 200) << describe(by_email);
  EXPECT_EQ(by_email.object().at("user").at("email").as_string(), email);
  EXPECT_EQ(login(username, password).status, 200);
  EXPECT_EQ(http()
                .get("/api/v1/me", {bearer(std::string(by_email.object().at("token").as_string()))})
                .object()
                .at("user")
                .at("email")
                .as_string(),
            email);

  // Classic injections as logins find nobody.
  for (const std::string& attack :
       std::vector<std::string>{"' OR '1'='1", "' OR 1=1 --", "input_user' --", "%", "_nput_user"})
    EXPECT_TRUE(IsProblem(login(attack, password), 401)) << attack;
  // Reset mails go to the verbatim address.
  ASSERT_EQ(http().post_json("/api/v1/auth/password-reset", json::object{{"email", email}}).status, 202);
  EXPECT_EQ(mails_to(email), 2);
  EXPECT_EQ(db().count("users"), 2);
}

TEST_F(AccountsInput, UnicodeAndEscapesRoundTrip) {
  // Non-ASCII passwords count characters, not bytes, and survive JSON escapes.
  const std::string password = "p\xc3\xa4ssw\xc3\xb6rd-\xe2\x9c\x93-\xf0\x9f\x94\x91";  // pässwörd-✓-🔑
  ASSERT_EQ(signup("uni@example.com", "uni_code", password).status, 201);
  EXPECT_EQ(http()
                .post("/api/v1/auth/login",
                      R"({"login":"uni_code","password":"p\u00e4ssw\u00f6rd-\u2713-\ud83d\udd11"})", "application/json")
                .status,
            200);
  EXPECT_EQ(login("uni_code", password).status, 200);
}

}  // namespace
}  // namespace agora::test
