#pragma once
// A stream outlives the request that opened it, yet must notice when its
// client's session ends: it keeps the request's credentials and checks them
// again on each heartbeat, exactly as a new request would be checked.
#include <cstdint>
#include <optional>

#include "accounts/service.hpp"
#include "communities/access.hpp"
#include "http/message.hpp"

namespace agora::live {

class Credentials {
 public:
  Credentials(const http::Request& req, accounts::Service& accounts);

  // The viewer the credentials name now; nullopt when they no longer name
  // `expected` (signed out, session expired, password changed). Anonymous
  // credentials stay anonymous.
  Task<std::optional<communities::Viewer>> recheck(std::int64_t expected);

  // The digest of the session token sent (as stored in sessions.token_hash);
  // empty for anonymous credentials.
  const std::string& session_digest() const { return digest_; }

 private:
  http::Request req_;  // headers and the loop's pool only
  accounts::Service& accounts_;
  std::string digest_;
};

}  // namespace agora::live
