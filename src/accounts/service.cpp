#include "accounts/service.hpp"

#include "accounts/mail_jobs.hpp"
#include "accounts/repo.hpp"
#include "accounts/validation.hpp"
#include "analytics/events.hpp"
#include "core/crypto.hpp"
#include "jobs/enqueue.hpp"
#include "live/access_events.hpp"
#include "ratelimit/limiter.hpp"

namespace agora::accounts {
namespace {

Problem invalid_token() {
  return Problem(400, "invalid-token", "Invalid token", "The token is unknown, expired or already used.");
}

void add_if(std::vector<FieldError>& errors, const char* field, std::string message) {
  if (!message.empty()) errors.push_back({field, std::move(message)});
}

}  // namespace

Service::Service(const Config& config, BlockingPool& hashing)
    : config_(config),
      hashing_(hashing),
      cost_{static_cast<unsigned long long>(config.argon2_opslimit), config.argon2_memlimit},
      dummy_hash_(hash_password(crypto::random_token(16), cost_)) {}

Task<std::string> Service::hash(const std::string& password) {
  std::string out;
  co_await hashing_.run([&] { out = hash_password(password, cost_); });
  co_return out;
}

Task<bool> Service::verify(const std::string& stored, const std::string& password) {
  bool ok = false;
  co_await hashing_.run([&] { ok = verify_password(stored, password); });
  co_return ok;
}

Task<void> Service::limit_ip(db::Queryable& db, const ClientInfo& client, const std::string& action) {
  // One budget per client IP across the auth endpoints: a credential-stuffing
  // run cannot spread itself over login, signup and reset.
  (void)action;
  co_await ratelimit::hit(db, "ip:auth:" + client.ip, {config_.auth_ip_limit_per_minute, 60});
}

Task<void> Service::send_verification(db::Queryable& tx, const User& user, const std::string& trace_id) {
  // The worker makes the token when it sends (mail_jobs.cpp): no usable
  // secret ever sits in the jobs table.
  const auto job = mail_job(kVerifyMailJob, user, trace_id);
  co_await jobs::enqueue(tx, job);
}

Task<User> Service::insert_checked(db::Pool& db, const SignupInput& in, const std::string& role, bool verified,
                                   bool send_mail, const std::string& trace_id) {
  std::vector<FieldError> errors;
  add_if(errors, "email", check_email(in.email));
  add_if(errors, "username", check_username(in.username));
  add_if(errors, "password", check_password(in.password, in.username, in.email));
  if (!errors.empty()) throw Problem::validation(errors);

  const auto taken = co_await repo::taken(db, in.email, in.username);
  if (taken.email || taken.username) {
    std::vector<FieldError> conflicts;
    if (taken.email) conflicts.push_back({"email", "is already registered"});
    if (taken.username) conflicts.push_back({"username", "is already taken"});
    throw Problem::conflict("An account with this email or username exists.", conflicts);
  }

  const std::string password_hash = co_await hash(in.password);
  auto tx = co_await db.begin();
  std::optional<User> user;
  std::string duplicate;
  try {
    user = co_await repo::insert_user(tx, in.email, in.username, password_hash, role, verified);
  } catch (const db::QueryError& e) {
    if (!e.unique_violation()) throw;
    duplicate = e.constraint();  // lost a race with a concurrent signup
  }
  if (!user) {
    const bool email = duplicate == "users_email_key";
    throw Problem::conflict("An account with this email or username exists.",
                            {{email ? "email" : "username", email ? "is already registered" : "is already taken"}});
  }
  if (send_mail) {
    co_await send_verification(tx, *user, trace_id);
    const analytics::Event event{.name = "signup", .user_id = user->id};
    co_await analytics::record(tx, event, trace_id);
  }
  co_await tx.commit();
  co_return *user;
}

Task<User> Service::signup(db::Pool& db, const SignupInput& in, const ClientInfo& client) {
  co_await limit_ip(db, client, "signup");
  co_return co_await insert_checked(db, in, "member", false, true, client.trace_id);
}

Task<User> Service::create_user(db::Pool& db, const SignupInput& in, const std::string& role, bool verified) {
  co_return co_await insert_checked(db, in, role, verified, false, "");
}

Task<NewSession> Service::login(db::Pool& db, const std::string& login, const std::string& password,
                                const ClientInfo& client, const std::string& device_token) {
  co_await limit_ip(db, client, "login");
  std::vector<FieldError> errors;
  if (login.empty() || login.size() > kMaxEmailBytes) errors.push_back({"login", "must be your email or username"});
  if (password.empty()) errors.push_back({"password", "is required"});
  else if (password.size() > kMaxPassword * 4) errors.push_back({"password", "is too long (at most 1024 bytes)"});
  if (!errors.empty()) throw Problem::validation(errors);

  auto creds = co_await repo::find_by_login(db, login);
  // Which budget this attempt spends: the trusted device's own, when the
  // browser signed in to this very account before; else the login name's.
  std::string device_hash;
  if (!device_token.empty() && device_token.size() <= 128 && creds) {
    const auto hash = crypto::sha256_hex(device_token);
    if (co_await repo::device_user(db, hash) == creds->user.id) device_hash = hash;
  }
  const std::string key = device_hash.empty() ? "login:name:" + lower_ascii(login) : "login:device:" + device_hash;
  // Counted before the (slow) password check, in one statement: a burst of
  // parallel attempts gets exactly the budget, not one per attempt in flight.
  co_await ratelimit::hit(db, key, {config_.login_account_limit_per_15min, 15 * 60});

  bool ok;
  if (creds) {
    ok = co_await verify(creds->password_hash, password);
  } else {
    co_await verify(dummy_hash_, password);  // same cost as a real check: no account probing by timing
    ok = false;
  }
  if (!ok) throw Problem(401, "invalid-credentials", "Invalid credentials", "The login or the password is wrong.");
  if (needs_rehash(creds->password_hash, cost_)) {
    const std::string upgraded = co_await hash(password);
    co_await repo::set_password(db, creds->user.id, upgraded);
  }
  co_await ratelimit::reset(db, key);

  NewSession s;
  if (device_hash.empty()) {
    s.device_token = crypto::random_token();
    co_await repo::insert_device(db, crypto::sha256_hex(s.device_token), creds->user.id);
  } else {
    co_await repo::touch_device(db, device_hash);
  }
  s.token = crypto::random_token();
  s.csrf_token = crypto::random_token();
  s.max_age_seconds = std::chrono::duration_cast<std::chrono::seconds>(config_.session_ttl).count();
  s.expires_at = co_await repo::insert_session(db, creds->user.id, crypto::sha256_hex(s.token), s.csrf_token,
                                               s.max_age_seconds, client);
  s.user = creds->user;
  co_return s;
}

Task<void> Service::logout(db::Pool& db, const Principal& who) {
  auto tx = co_await db.begin();
  co_await repo::delete_session(tx, who.session_id);
  co_await live::access_changed_for_user(tx, who.user.id);  // its open streams end with it
  co_await tx.commit();
}

Task<std::optional<Principal>> Service::authenticate(db::Queryable& db, const std::string& token) {
  if (token.empty() || token.size() > 128) co_return std::nullopt;
  co_return co_await repo::find_session(db, crypto::sha256_hex(token));
}

Task<void> Service::change_password(db::Pool& db, const Principal& who, const std::string& current,
                                    const std::string& replacement) {
  std::vector<FieldError> errors;
  add_if(errors, "new_password", check_password(replacement, who.user.username, who.user.email));
  if (current.empty()) errors.push_back({"current_password", "is required"});
  if (!errors.empty()) throw Problem::validation(errors);
  co_await ratelimit::hit(db, "password-change:user:" + std::to_string(who.user.id),
                          {config_.login_account_limit_per_15min, 15 * 60});
  auto creds = co_await repo::find_by_id(db, who.user.id);
  if (!creds || !co_await verify(creds->password_hash, current))
    throw Problem::validation({{"current_password", "is not correct"}});
  const std::string new_hash = co_await hash(replacement);
  auto tx = co_await db.begin();
  co_await repo::set_password(tx, who.user.id, new_hash);
  co_await repo::delete_sessions_except(tx, who.user.id, who.session_id);
  // A reset link mailed before the change must not undo it.
  co_await repo::delete_unused_tokens(tx, who.user.id, kResetPurpose);
  co_await live::access_changed_for_user(tx, who.user.id);
  co_await tx.commit();
}

Task<void> Service::resend_verification(db::Pool& db, const Principal& who, const ClientInfo& client) {
  if (who.user.email_verified)
    throw Problem(409, "already-verified", "Already verified", "This email address is already verified.");
  co_await ratelimit::hit(db, "verify-mail:user:" + std::to_string(who.user.id), {5, 3600});
  auto tx = co_await db.begin();
  co_await send_verification(tx, who.user, client.trace_id);
  co_await tx.commit();
}

Task<User> Service::verify_email(db::Pool& db, const std::string& token) {
  if (token.empty() || token.size() > 128) throw invalid_token();
  auto tx = co_await db.begin();
  auto use = co_await repo::consume_token(tx, crypto::sha256_hex(token), kVerifyPurpose);
  if (!use) throw invalid_token();
  co_await repo::mark_email_verified(tx, use->user_id, use->email);
  auto creds = co_await repo::find_by_id(tx, use->user_id);
  co_await tx.commit();
  if (!creds) throw invalid_token();
  co_return creds->user;
}

Task<void> Service::request_password_reset(db::Pool& db, const std::string& email, const ClientInfo& client) {
  co_await limit_ip(db, client, "reset");
  if (auto m = check_email(email); !m.empty()) throw Problem::validation({{"email", m}});
  auto user = co_await repo::find_by_email(db, email);
  if (!user) co_return;
  // At most 5 mails per account per hour; beyond that, silently nothing, so
  // the answer stays the same whether the account exists or not.
  bool allowed = true;
  try {
    co_await ratelimit::hit(db, "reset-mail:user:" + std::to_string(user->id), {5, 3600});
  } catch (const Problem&) {
    allowed = false;
  }
  if (!allowed) co_return;
  // The worker makes the token when it sends (mail_jobs.cpp).
  const auto job = mail_job(kResetMailJob, *user, client.trace_id);
  co_await jobs::enqueue(db, job);
}

Task<void> Service::reset_password(db::Pool& db, const std::string& token, const std::string& replacement) {
  if (token.empty() || token.size() > 128) throw invalid_token();
  // Consume, check and update in one transaction: a rejected new password
  // rolls back and leaves the token usable.
  auto tx = co_await db.begin();
  auto use = co_await repo::consume_token(tx, crypto::sha256_hex(token), kResetPurpose);
  if (!use) throw invalid_token();
  auto creds = co_await repo::find_by_id(tx, use->user_id);
  if (!creds) throw invalid_token();
  if (auto m = check_password(replacement, creds->user.username, creds->user.email); !m.empty())
    throw Problem::validation({{"new_password", m}});
  const std::string new_hash = co_await hash(replacement);
  co_await repo::set_password(tx, use->user_id, new_hash);
  co_await repo::delete_sessions_except(tx, use->user_id, 0);            // sign out everywhere
  co_await repo::delete_unused_tokens(tx, use->user_id, kResetPurpose);  // the other links mailed
  co_await live::access_changed_for_user(tx, use->user_id);
  // Receiving the mail proves the address too.
  co_await repo::mark_email_verified(tx, use->user_id, use->email);
  co_await tx.commit();
}

Task<std::optional<PublicProfile>> Service::profile(db::Queryable& db, const std::string& username) {
  if (username.empty() || username.size() > kMaxUsername) co_return std::nullopt;
  co_return co_await repo::public_profile(db, username);
}

}  // namespace agora::accounts
