#pragma once
// Who is calling: a Bearer token (API clients) or the session cookie
// (browsers). Cookie-authenticated writes must also carry the session's CSRF
// token in X-CSRF-Token: a cross-site form can send the cookie, not the header.
#include "accounts/service.hpp"
#include "http/message.hpp"

namespace agora::accounts {

inline constexpr const char* kSessionCookie = "agora_session";
inline constexpr const char* kCsrfCookie = "agora_csrf";
// A browser that has signed in before (see Service::login); kept this long
// since its last sign-in.
inline constexpr const char* kDeviceCookie = "agora_device";
inline constexpr int kDeviceCookieDays = 180;

// Throws Problem 401 without valid credentials, 403 when a cookie-authenticated
// unsafe request lacks the matching CSRF token, and 403 when a suspended
// account calls an unsafe method on a route not open to suspended accounts
// (http::RouteOptions::open_to_suspended).
Task<Principal> require_user(http::Request& req, Service& accounts);
// The caller when credentials are sent (checked exactly as require_user,
// so a bad token is still a 401), nullopt for anonymous requests.
Task<std::optional<Principal>> optional_user(http::Request& req, Service& accounts);
// As require_user, then 403 unless the user has one of the roles at or above `role`.
Task<Principal> require_role(http::Request& req, Service& accounts, std::string_view role);

ClientInfo client_info(const http::Request& req);

// The session token the request carries (Bearer, else the session cookie);
// empty when it carries none or a malformed Authorization header.
std::string session_token(const http::Request& req);

}  // namespace agora::accounts
