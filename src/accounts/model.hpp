#pragma once
// The accounts domain's plain data: what services return and routes render.
#include <cstdint>
#include <string>

namespace agora::accounts {

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string username;
  std::string role;  // member, moderator, admin
  bool email_verified = false;
  std::string created_at;  // RFC 3339, UTC
  bool suspended = false;  // site-wide suspension in force: may read, may not write
};

struct PublicProfile {
  std::int64_t id = 0;
  std::string username;
  std::string role;
  std::string created_at;
};

// A signed-in caller, as found from a session token.
struct Principal {
  User user;
  std::int64_t session_id = 0;
  std::string csrf_token;
  std::string trace_id;  // of the request that authenticated: jobs its writes enqueue carry it
};

struct NewSession {
  std::string token;  // shown to the client once; only its digest is stored
  std::string csrf_token;
  std::string device_token;  // set when the browser gets a (new) trusted-device token
  std::string expires_at;
  long long max_age_seconds = 0;
  User user;
};

struct ClientInfo {
  std::string ip;
  std::string user_agent;
  std::string trace_id;
};

}  // namespace agora::accounts
