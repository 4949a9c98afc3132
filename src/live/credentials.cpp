#include "live/credentials.hpp"

#include "accounts/auth.hpp"
#include "core/crypto.hpp"

namespace agora::live {

Credentials::Credentials(const http::Request& req, accounts::Service& accounts) : accounts_(accounts) {
  req_.method = "GET";
  req_.headers = req.headers;
  req_.client_ip = req.client_ip;
  req_.db = req.db;
  if (const auto token = accounts::session_token(req); !token.empty()) digest_ = crypto::sha256_hex(token);
}

Task<std::optional<communities::Viewer>> Credentials::recheck(std::int64_t expected) {
  try {
    auto who = co_await accounts::optional_user(req_, accounts_);
    auto viewer = communities::Viewer::of(who);
    if (viewer.id != expected) co_return std::nullopt;
    co_return viewer;
  } catch (const Problem&) {  // 401: the session is gone
    co_return std::nullopt;
  }
}

}  // namespace agora::live
