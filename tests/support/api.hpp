#pragma once
// A fixture for API tests: a fresh migrated database and a server on it per
// test, plus helpers for the usual steps (sign up, sign in, read the dev
// mailbox) and for checking problem+json responses. Every response its client
// reads is also checked against docs/openapi.yaml (see http_client.hpp).
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>

#include "support/http_client.hpp"
#include "support/pg_cluster.hpp"
#include "support/test_server.hpp"

namespace agora::test {

// Passes every password rule, for any username/email the tests use.
inline constexpr const char* kPassword = "Correct-Horse-42-battery";

struct LoggedIn {
  std::string token;
  std::string csrf;
  std::int64_t user_id = 0;
};

class ApiTest : public ::testing::Test {
 protected:
  // Override to change the server's configuration before it starts.
  virtual void configure(Config&) {}
  // Override to register routes before the app's (see RouteHook).
  virtual void add_routes(http::Router&, accounts::Service&, const Config&) {}

  void SetUp() override;
  void TearDown() override;

  TestDatabase& db() { return *db_; }
  TestServer& server() { return *server_; }
  HttpClient http() const { return server_->client(); }

  HttpResponse signup(const std::string& email, const std::string& username, const std::string& password = kPassword,
                      const HeaderList& headers = {});
  // Signs up (expecting 201) and returns the new user's id.
  std::int64_t signup_ok(const std::string& email, const std::string& username,
                         const std::string& password = kPassword);
  HttpResponse login(const std::string& login, const std::string& password = kPassword, const HeaderList& headers = {});
  // Signs in (expecting 200).
  LoggedIn login_ok(const std::string& login, const std::string& password = kPassword);

  // A verified account with `role`, made like `agora admin create-user` does.
  std::int64_t create_user(const std::string& email, const std::string& username, const std::string& role,
                           const std::string& password = kPassword);
  // A signed-in admin (created on first use).
  const LoggedIn& admin();

  // Runs the jobs the requests so far enqueued (as the worker would); how many.
  int run_jobs();

  // The code in the newest dev-mailbox message to `to`, read from the table
  // once the pending jobs ran.
  std::string latest_code_for(const std::string& to);
  std::int64_t mails_to(const std::string& to);

 private:
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<LoggedIn> admin_;
};

// A 4xx/5xx application/problem+json response with `status` in both the
// status line and the body, a non-empty title and type.
::testing::AssertionResult IsProblem(const HttpResponse& r, int status);
// IsProblem(r, status) and errors[] has an entry for `field`.
::testing::AssertionResult HasFieldError(const HttpResponse& r, int status, const std::string& field);

// The one-time code (the 43 base64url characters of a link's token=) in a mail body.
std::string code_in_mail(const std::string& body);

std::string describe(const HttpResponse& r);

}  // namespace agora::test
