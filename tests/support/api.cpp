#include "support/api.hpp"

#include <boost/json.hpp>
#include <sstream>

#include "db/standalone.hpp"
#include "support/jobs.hpp"

namespace agora::test {
namespace json = boost::json;

void ApiTest::SetUp() {
  db_ = std::make_unique<TestDatabase>();
  server_ = std::make_unique<TestServer>(
      db_->url(), [this](Config& c) { configure(c); },
      [this](http::Router& r, accounts::Service& a, const Config& c) { add_routes(r, a, c); });
}

void ApiTest::TearDown() {
  server_.reset();
  db_.reset();
}

HttpResponse ApiTest::signup(const std::string& email, const std::string& username, const std::string& password,
                             const HeaderList& headers) {
  return http().post_json("/api/v1/auth/signup",
                          json::object{{"email", email}, {"username", username}, {"password", password}}, headers);
}

std::int64_t ApiTest::signup_ok(const std::string& email, const std::string& username, const std::string& password) {
  auto r = signup(email, username, password);
  if (r.status != 201) {
    ADD_FAILURE() << "signup of " << username << " failed: " << describe(r);
    return 0;
  }
  return r.object().at("user").at("id").as_int64();
}

HttpResponse ApiTest::login(const std::string& login, const std::string& password, const HeaderList& headers) {
  return http().post_json("/api/v1/auth/login", json::object{{"login", login}, {"password", password}}, headers);
}

LoggedIn ApiTest::login_ok(const std::string& who, const std::string& password) {
  auto r = login(who, password);
  if (r.status != 200) {
    ADD_FAILURE() << "login of " << who << " failed: " << describe(r);
    return {};
  }
  auto o = r.object();
  return LoggedIn{std::string(o.at("token").as_string()), std::string(o.at("csrf_token").as_string()),
                  o.at("user").at("id").as_int64()};
}

std::int64_t ApiTest::create_user(const std::string& email, const std::string& username, const std::string& role,
                                  const std::string& password) {
  accounts::User user;
  // Named, not a braced temporary inside co_await: GCC 12 destroys those twice.
  const accounts::SignupInput in{email, username, password};
  db::with_pool(server_->config(), [&](db::Pool& pool) -> Task<void> {
    user = co_await server_->accounts().create_user(pool, in, role, /*verified=*/true);
  });
  return user.id;
}

const LoggedIn& ApiTest::admin() {
  if (!admin_) {
    create_user("boss@example.com", "the_boss", "admin");
    admin_ = std::make_unique<LoggedIn>(login_ok("the_boss"));
  }
  return *admin_;
}

int ApiTest::run_jobs() { return run_pending_jobs(server_->config()); }

std::string ApiTest::latest_code_for(const std::string& to) {
  run_jobs();
  auto rows = db_->query("SELECT body FROM dev_mailbox WHERE lower(to_address) = lower(" + sql_literal(to) +
                         ") ORDER BY id DESC LIMIT 1");
  if (rows.empty()) {
    ADD_FAILURE() << "no mail to " << to;
    return {};
  }
  return code_in_mail(rows[0][0].value_or(""));
}

std::int64_t ApiTest::mails_to(const std::string& to) {
  run_jobs();
  return std::stoll(
      db_->scalar("SELECT count(*) FROM dev_mailbox WHERE lower(to_address) = lower(" + sql_literal(to) + ")"));
}

std::string describe(const HttpResponse& r) {
  std::ostringstream out;
  out << r.status << " " << r.content_type() << " " << r.body.substr(0, 600);
  return out.str();
}

::testing::AssertionResult IsProblem(const HttpResponse& r, int status) {
  if (r.status != status)
    return ::testing::AssertionFailure() << "expected status " << status << ", got " << describe(r);
  if (r.content_type().rfind("application/problem+json", 0) != 0)
    return ::testing::AssertionFailure() << "not application/problem+json: " << describe(r);
  json::object o;
  try {
    o = r.object();
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << e.what();
  }
  const auto* s = o.if_contains("status");
  if (!s || !s->is_int64() || s->as_int64() != status)
    return ::testing::AssertionFailure() << "body status is not " << status << ": " << r.body;
  const auto* t = o.if_contains("title");
  if (!t || !t->is_string() || t->as_string().empty()) return ::testing::AssertionFailure() << "no title: " << r.body;
  const auto* ty = o.if_contains("type");
  if (!ty || !ty->is_string() || ty->as_string().empty()) return ::testing::AssertionFailure() << "no type: " << r.body;
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult HasFieldError(const HttpResponse& r, int status, const std::string& field) {
  auto base = IsProblem(r, status);
  if (!base) return base;
  const auto o = r.object();
  const auto* errors = o.if_contains("errors");
  if (!errors || !errors->is_array() || errors->as_array().empty())
    return ::testing::AssertionFailure() << "no errors[]: " << r.body;
  for (const auto& e : errors->as_array()) {
    if (!e.is_object()) return ::testing::AssertionFailure() << "errors[] entry is not an object: " << r.body;
    const auto* f = e.as_object().if_contains("field");
    const auto* m = e.as_object().if_contains("message");
    if (!f || !f->is_string() || !m || !m->is_string() || m->as_string().empty())
      return ::testing::AssertionFailure() << "errors[] entry without field/message: " << r.body;
    if (f->as_string() == field) return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "errors[] does not name '" << field << "': " << r.body;
}

std::string code_in_mail(const std::string& body) {
  // The link's token=… parameter: 43 base64url characters.
  for (auto at = body.find("token="); at != std::string::npos; at = body.find("token=", at + 1)) {
    auto code = body.substr(at + 6, 43);
    const bool ok = code.size() == 43 && std::all_of(code.begin(), code.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
                    });
    const bool ends = at + 6 + 43 == body.size() || !std::isalnum(static_cast<unsigned char>(body[at + 6 + 43]));
    if (ok && ends) return code;
  }
  ADD_FAILURE() << "no code in mail: " << body;
  return {};
}

}  // namespace agora::test
