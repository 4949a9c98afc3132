#include "accounts/auth.hpp"

#include "core/crypto.hpp"
#include "db/pool.hpp"

namespace agora::accounts {
namespace {

int rank(std::string_view role) {
  if (role == "admin") return 3;
  if (role == "moderator") return 2;
  if (role == "member") return 1;
  return 0;
}

bool safe_method(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

}  // namespace

ClientInfo client_info(const http::Request& req) {
  return ClientInfo{req.client_ip, std::string(req.header("user-agent").value_or(""))};
}

Task<Principal> require_user(http::Request& req, Service& accounts) {
  std::string token;
  bool from_cookie = false;
  if (auto h = req.header("authorization")) {
    if (h->size() > 7 && http::iequals(h->substr(0, 7), "bearer ")) token = std::string(h->substr(7));
    else throw Problem::unauthorized("Use 'Authorization: Bearer <token>'.");
  } else if (auto c = req.cookie(kSessionCookie)) {
    token = std::string(*c);
    from_cookie = true;
  }
  if (token.empty()) throw Problem::unauthorized();
  auto who = co_await accounts.authenticate(*req.db, token);
  if (!who) throw Problem::unauthorized("The session is invalid or has expired; sign in again.");
  if (from_cookie && !safe_method(req.method)) {
    const auto sent = req.header("x-csrf-token").value_or("");
    if (!crypto::constant_time_equal(sent, who->csrf_token))
      throw Problem(403, "csrf", "CSRF token missing or wrong",
                    "Send the csrf_token from sign-in in the X-CSRF-Token header.");
  }
  req.user_id = who->user.id;
  co_return *who;
}

Task<Principal> require_role(http::Request& req, Service& accounts, std::string_view role) {
  auto who = co_await require_user(req, accounts);
  if (rank(who.user.role) < rank(role)) throw Problem::forbidden("This needs the " + std::string(role) + " role.");
  co_return who;
}

}  // namespace agora::accounts
