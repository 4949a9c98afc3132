#include "accounts/auth.hpp"

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "db/pool.hpp"
#include "http/router.hpp"

namespace agora::accounts {
namespace {

int rank(std::string_view role) {
  if (role == "admin") return 3;
  if (role == "moderator") return 2;
  if (role == "member") return 1;
  return 0;
}

bool safe_method(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

// Client-controlled header text made safe to store: valid UTF-8 without
// control characters (anything else becomes '?'), at most `max_bytes`.
// Header values may carry any byte >= 0x80, but these strings end up in text
// columns (sessions.user_agent, .client_ip) and rate-limit keys: PostgreSQL
// refuses invalid UTF-8, so a Latin-1 User-Agent made sign-in fail with a
// 500, and a long X-Forwarded-For (trust_proxy) exceeded the btree key size
// of rate_limit_counters, another 500.
std::string storable(std::string_view s, std::size_t max_bytes) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8::sequence_length(s, i);
    const auto c = static_cast<unsigned char>(s[i]);
    const bool bad = n == 0 || c < 0x20 || c == 0x7F;
    if (out.size() + (bad ? 1 : n) > max_bytes) break;
    if (bad) {
      out.push_back('?');
      n = 1;
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

}  // namespace

ClientInfo client_info(const http::Request& req) {
  // An IP address has at most 45 characters; the user agent is cut to 512
  // characters when stored.
  return ClientInfo{storable(req.client_ip, 64), storable(req.header("user-agent").value_or(""), 2048), req.trace_id};
}

std::string session_token(const http::Request& req) {
  if (auto h = req.header("authorization")) {
    if (h->size() > 7 && http::iequals(h->substr(0, 7), "bearer ")) return std::string(h->substr(7));
    return {};
  }
  if (auto c = req.cookie(kSessionCookie)) return std::string(*c);
  return {};
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
  who->trace_id = req.trace_id;
  // The one place suspensions are enforced: a suspended account reads but
  // changes nothing, except through the few routes that say otherwise
  // (signing out, changing the password, marking notifications read).
  if (who->user.suspended && !safe_method(req.method) && !(req.route_options && req.route_options->open_to_suspended))
    throw Problem(403, "suspended", "Account suspended",
                  "This account is suspended: it can read, but not post, comment, vote, moderate or change its "
                  "profile.");
  co_return *who;
}

Task<std::optional<Principal>> optional_user(http::Request& req, Service& accounts) {
  if (!req.header("authorization") && !req.cookie(kSessionCookie)) co_return std::nullopt;
  auto who = co_await require_user(req, accounts);
  co_return who;
}

Task<Principal> require_role(http::Request& req, Service& accounts, std::string_view role) {
  auto who = co_await require_user(req, accounts);
  if (rank(who.user.role) < rank(role)) throw Problem::forbidden("This needs the " + std::string(role) + " role.");
  co_return who;
}

}  // namespace agora::accounts
