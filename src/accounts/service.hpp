#pragma once
// Account rules: sign-up, sign-in, sessions, password change and reset,
// email verification, rate limits. No HTTP types here: routes translate.
#include <optional>
#include <string>

#include "accounts/model.hpp"
#include "accounts/password.hpp"
#include "core/config.hpp"
#include "core/offload.hpp"
#include "db/pool.hpp"

namespace agora::accounts {

struct SignupInput {
  std::string email, username, password;
};

class Service {
 public:
  Service(const Config& config, BlockingPool& hashing);

  Task<User> signup(db::Pool& db, const SignupInput& in, const ClientInfo& client);
  // Failed attempts are limited per login name as typed (never per account,
  // which would tell which email belongs to which username), counted before
  // the password is checked so parallel guesses cannot outrun the count. A
  // browser that signed in to the account before presents its
  // `device_token` and has its own budget instead: someone guessing from
  // elsewhere cannot lock the owner out. See docs/adr/0071.
  Task<NewSession> login(db::Pool& db, const std::string& login, const std::string& password, const ClientInfo& client,
                         const std::string& device_token = {});
  Task<void> logout(db::Pool& db, const Principal& who);

  // The caller behind a session token, or nullopt (unknown or expired).
  Task<std::optional<Principal>> authenticate(db::Queryable& db, const std::string& token);

  // Keeps the current session, signs out every other one.
  Task<void> change_password(db::Pool& db, const Principal& who, const std::string& current,
                             const std::string& replacement);

  Task<void> resend_verification(db::Pool& db, const Principal& who, const ClientInfo& client);
  Task<User> verify_email(db::Pool& db, const std::string& token);

  // Always succeeds from the caller's view, so it does not reveal which
  // addresses have accounts; a mail is sent only when one exists.
  Task<void> request_password_reset(db::Pool& db, const std::string& email, const ClientInfo& client);
  Task<void> reset_password(db::Pool& db, const std::string& token, const std::string& replacement);

  Task<std::optional<PublicProfile>> profile(db::Queryable& db, const std::string& username);

  // Bootstrap path for `agora admin create-user` (no rate limit, chosen role).
  Task<User> create_user(db::Pool& db, const SignupInput& in, const std::string& role, bool verified);

 private:
  Task<std::string> hash(const std::string& password);
  Task<bool> verify(const std::string& stored, const std::string& password);
  Task<void> limit_ip(db::Queryable& db, const ClientInfo& client, const std::string& action);
  Task<void> send_verification(db::Queryable& tx, const User& user, const std::string& trace_id);
  Task<User> insert_checked(db::Pool& db, const SignupInput& in, const std::string& role, bool verified, bool send_mail,
                            const std::string& trace_id);

  const Config& config_;
  BlockingPool& hashing_;
  HashCost cost_;
  std::string dummy_hash_;  // verified against when a login names nobody: same timing
};

}  // namespace agora::accounts
