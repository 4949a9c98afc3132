#pragma once
// SQL for accounts. Repos see no JSON and no HTTP; every statement is
// parameterized and prepared.
#include <optional>
#include <string>

#include "accounts/model.hpp"
#include "db/db.hpp"

namespace agora::accounts::repo {

struct Credentials {
  User user;
  std::string password_hash;
};

// Inserts the user; throws db::QueryError (unique_violation with constraint
// users_email_key / users_username_key) on duplicates.
Task<User> insert_user(db::Queryable& db, const std::string& email, const std::string& username,
                       const std::string& password_hash, const std::string& role, bool verified);

Task<std::optional<Credentials>> find_by_login(db::Queryable& db, const std::string& login);
Task<std::optional<Credentials>> find_by_id(db::Queryable& db, std::int64_t id);
Task<std::optional<User>> find_by_email(db::Queryable& db, const std::string& email);
Task<std::optional<PublicProfile>> public_profile(db::Queryable& db, const std::string& username);
struct Taken {
  bool email = false, username = false;
};
Task<Taken> taken(db::Queryable& db, const std::string& email, const std::string& username);

Task<void> set_password(db::Queryable& db, std::int64_t user_id, const std::string& hash);
Task<void> mark_email_verified(db::Queryable& db, std::int64_t user_id, const std::string& email);

Task<std::string> insert_session(db::Queryable& db, std::int64_t user_id, const std::string& token_hash,
                                 const std::string& csrf_token, long long ttl_seconds, const ClientInfo& client);
Task<std::optional<Principal>> find_session(db::Queryable& db, const std::string& token_hash);
Task<void> delete_session(db::Queryable& db, std::int64_t session_id);
// Signs out everywhere else (after a password change or reset).
Task<void> delete_sessions_except(db::Queryable& db, std::int64_t user_id, std::int64_t keep_session_id);

Task<void> insert_token(db::Queryable& db, const std::string& token_hash, std::int64_t user_id,
                        const std::string& purpose, const std::string& email, long long ttl_seconds);
struct TokenUse {
  std::int64_t user_id;
  std::string email;
};
// Marks an unused, unexpired token used and returns whose it was; nullopt if
// the token is unknown, expired or already used (single use under concurrency).
Task<std::optional<TokenUse>> consume_token(db::Queryable& db, const std::string& token_hash,
                                            const std::string& purpose);

// Housekeeping: sessions past their expiry, and one-time tokens used or
// expired more than a week ago (kept that long for support questions).
// Trusted devices (browsers that signed in before; see Service::login).
// The account a device token (its digest) belongs to, or 0.
Task<std::int64_t> device_user(db::Queryable& db, const std::string& token_hash);
Task<void> insert_device(db::Queryable& db, const std::string& token_hash, std::int64_t user_id);
Task<void> touch_device(db::Queryable& db, const std::string& token_hash);
// Forgets devices unused for `days`; returns how many.
Task<std::int64_t> purge_stale_devices(db::Queryable& db, int days);

// Invalidates the user's unused tokens of `purpose` (e.g. every reset link
// still in a mailbox, once the password has changed).
Task<void> delete_unused_tokens(db::Queryable& db, std::int64_t user_id, const std::string& purpose);

Task<std::int64_t> purge_expired_sessions(db::Queryable& db);
Task<std::int64_t> purge_finished_tokens(db::Queryable& db);

}  // namespace agora::accounts::repo
