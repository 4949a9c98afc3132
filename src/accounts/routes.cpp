#include "accounts/routes.hpp"

#include <boost/json.hpp>

#include "accounts/auth.hpp"
#include "core/json_body.hpp"
#include "db/pool.hpp"

namespace agora::accounts {
namespace json = boost::json;
namespace {

json::object user_json(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"email", u.email},
          {"role", u.role},
          {"email_verified", u.email_verified},
          {"created_at", u.created_at}};
}

http::Response json_response(int status, const json::value& v) {
  return http::Response::json(status, json::serialize(v));
}

std::string cookie(std::string_view name, std::string_view value, long long max_age, bool http_only, bool secure) {
  std::string c =
      std::string(name) + "=" + std::string(value) + "; Path=/; Max-Age=" + std::to_string(max_age) + "; SameSite=Lax";
  if (http_only) c += "; HttpOnly";
  if (secure) c += "; Secure";
  return c;
}

}  // namespace

void add_routes(http::Router& router, Service& accounts, const Config& config) {
  router.add("POST", "/api/v1/auth/signup", [&](http::Request& req) -> Task<http::Response> {
    auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
    SignupInput in{body.required_string("email", 1024), body.required_string("username", 1024),
                   body.required_string("password", 4096)};
    body.finish();
    auto user = co_await accounts.signup(*req.db, in, client_info(req));
    auto res = json_response(201, {{"user", user_json(user)}});
    res.headers.emplace_back("Location", "/api/v1/users/" + user.username);
    co_return res;
  });

  router.add("POST", "/api/v1/auth/login", [&](http::Request& req) -> Task<http::Response> {
    auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
    const auto login = body.required_string("login", 1024);
    const auto password = body.required_string("password", 4096);
    body.finish();
    // A named string: GCC 12 mishandles a ?: temporary in a co_awaited call.
    const std::string device(req.cookie(kDeviceCookie).value_or(""));
    auto s = co_await accounts.login(*req.db, login, password, client_info(req), device);
    auto res = json_response(200, {{"token", s.token},
                                   {"token_type", "Bearer"},
                                   {"expires_at", s.expires_at},
                                   {"csrf_token", s.csrf_token},
                                   {"user", user_json(s.user)}});
    res.headers.emplace_back("Set-Cookie",
                             cookie(kSessionCookie, s.token, s.max_age_seconds, true, config.cookie_secure));
    // Readable by the web app, which echoes it in X-CSRF-Token.
    res.headers.emplace_back("Set-Cookie",
                             cookie(kCsrfCookie, s.csrf_token, s.max_age_seconds, false, config.cookie_secure));
    if (!s.device_token.empty())
      res.headers.emplace_back(
          "Set-Cookie", cookie(kDeviceCookie, s.device_token, static_cast<long long>(kDeviceCookieDays) * 24 * 3600,
                               true, config.cookie_secure));
    co_return res;
  });

  router.add(
      "POST", "/api/v1/auth/logout",
      [&](http::Request& req) -> Task<http::Response> {
        auto who = co_await require_user(req, accounts);
        co_await accounts.logout(*req.db, who);
        auto res = http::Response::no_content();
        res.headers.emplace_back("Set-Cookie", cookie(kSessionCookie, "", 0, true, config.cookie_secure));
        res.headers.emplace_back("Set-Cookie", cookie(kCsrfCookie, "", 0, false, config.cookie_secure));
        co_return res;
      },
      http::RouteOptions{.open_to_suspended = true});

  router.add("GET", "/api/v1/me", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await require_user(req, accounts);
    co_return json_response(200, {{"user", user_json(who.user)}});
  });

  router.add(
      "POST", "/api/v1/me/password",
      [&](http::Request& req) -> Task<http::Response> {
        auto who = co_await require_user(req, accounts);
        auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
        const auto current = body.required_string("current_password", 4096);
        const auto replacement = body.required_string("new_password", 4096);
        body.finish();
        co_await accounts.change_password(*req.db, who, current, replacement);
        co_return http::Response::no_content();
      },
      http::RouteOptions{.open_to_suspended = true});

  router.add(
      "POST", "/api/v1/me/verification-email",
      [&](http::Request& req) -> Task<http::Response> {
        auto who = co_await require_user(req, accounts);
        co_await accounts.resend_verification(*req.db, who, client_info(req));
        co_return json_response(202, {{"status", "sent"}});
      },
      http::RouteOptions{.open_to_suspended = true});

  router.add("POST", "/api/v1/auth/verify-email", [&](http::Request& req) -> Task<http::Response> {
    auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
    const auto token = body.required_string("token", 256);
    body.finish();
    auto user = co_await accounts.verify_email(*req.db, token);
    co_return json_response(200, {{"user", user_json(user)}});
  });

  router.add("POST", "/api/v1/auth/password-reset", [&](http::Request& req) -> Task<http::Response> {
    auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
    const auto email = body.required_string("email", 1024);
    body.finish();
    co_await accounts.request_password_reset(*req.db, email, client_info(req));
    co_return json_response(202, {{"status", "If an account uses this address, a reset code is on its way."}});
  });

  router.add("POST", "/api/v1/auth/password-reset/confirm", [&](http::Request& req) -> Task<http::Response> {
    auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
    const auto token = body.required_string("token", 256);
    const auto replacement = body.required_string("new_password", 4096);
    body.finish();
    co_await accounts.reset_password(*req.db, token, replacement);
    co_return http::Response::no_content();
  });
}

}  // namespace agora::accounts
