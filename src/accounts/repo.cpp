#include "accounts/repo.hpp"

#include "db/sql.hpp"

namespace agora::accounts::repo {
namespace {

constexpr const char* kUserColumns = "u.id, u.email, u.username, u.role, u.email_verified_at IS NOT NULL, " AGORA_TS(
    "u.created_at") ", coalesce(u.suspended_until > now(), false)";

User read_user(const db::Result& r, int row, int first_col) {
  return User{r.int64(row, first_col),      r.string(row, first_col + 1),  r.string(row, first_col + 2),
              r.string(row, first_col + 3), r.boolean(row, first_col + 4), r.string(row, first_col + 5),
              r.boolean(row, first_col + 6)};
}

}  // namespace

Task<User> insert_user(db::Queryable& db, const std::string& email, const std::string& username,
                       const std::string& password_hash, const std::string& role, bool verified) {
  auto r = co_await db.query(std::string("INSERT INTO users AS u (email, username, password_hash, role, "
                                         "email_verified_at) VALUES ($1, $2, $3, $4, CASE WHEN $5::bool THEN "
                                         "now() END) RETURNING ") +
                                 kUserColumns,
                             db::Params(email, username, password_hash, role, verified));
  co_return read_user(r, 0, 0);
}

Task<std::optional<Credentials>> find_by_login(db::Queryable& db, const std::string& login) {
  // One index probe either way: lower(email) or lower(username).
  auto r =
      co_await db.query(std::string("SELECT ") + kUserColumns +
                            ", u.password_hash FROM users u WHERE lower(u.email) = lower($1) "
                            "UNION ALL SELECT " +
                            kUserColumns + ", u.password_hash FROM users u WHERE lower(u.username) = lower($1) LIMIT 1",
                        db::Params(login));
  if (r.empty()) co_return std::nullopt;
  co_return Credentials{read_user(r, 0, 0), r.string(0, 7)};
}

Task<std::optional<Credentials>> find_by_id(db::Queryable& db, std::int64_t id) {
  auto r = co_await db.query(std::string("SELECT ") + kUserColumns + ", u.password_hash FROM users u WHERE u.id = $1",
                             db::Params(id));
  if (r.empty()) co_return std::nullopt;
  co_return Credentials{read_user(r, 0, 0), r.string(0, 7)};
}

Task<std::optional<User>> find_by_email(db::Queryable& db, const std::string& email) {
  auto r = co_await db.query(std::string("SELECT ") + kUserColumns + " FROM users u WHERE lower(u.email) = lower($1)",
                             db::Params(email));
  if (r.empty()) co_return std::nullopt;
  co_return read_user(r, 0, 0);
}

Task<std::optional<PublicProfile>> public_profile(db::Queryable& db, const std::string& username) {
  auto r = co_await db.query(
      "SELECT id, username, role, " AGORA_TS("created_at") " FROM users WHERE lower(username) = lower($1)",
      db::Params(username));
  if (r.empty()) co_return std::nullopt;
  co_return PublicProfile{r.int64(0, 0), r.string(0, 1), r.string(0, 2), r.string(0, 3)};
}

Task<Taken> taken(db::Queryable& db, const std::string& email, const std::string& username) {
  auto r = co_await db.query(
      "SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1)), "
      "EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($2))",
      db::Params(email, username));
  co_return Taken{r.boolean(0, 0), r.boolean(0, 1)};
}

Task<void> set_password(db::Queryable& db, std::int64_t user_id, const std::string& hash) {
  co_await db.query("UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1", db::Params(user_id, hash));
}

Task<void> mark_email_verified(db::Queryable& db, std::int64_t user_id, const std::string& email) {
  // Only if the address is still the one the link was sent to.
  co_await db.query(
      "UPDATE users SET email_verified_at = coalesce(email_verified_at, now()), updated_at = now() "
      "WHERE id = $1 AND lower(email) = lower($2)",
      db::Params(user_id, email));
}

Task<std::string> insert_session(db::Queryable& db, std::int64_t user_id, const std::string& token_hash,
                                 const std::string& csrf_token, long long ttl_seconds, const ClientInfo& client) {
  auto r = co_await db.query(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, client_ip, user_agent, expires_at) "
      "VALUES ($1, $2, $3, $4, left($5, 512), now() + make_interval(secs => $6::bigint)) RETURNING " AGORA_TS(
          "expires_at"),
      db::Params(token_hash, user_id, csrf_token, client.ip, client.user_agent, std::int64_t(ttl_seconds)));
  co_return r.string(0, 0);
}

Task<std::optional<Principal>> find_session(db::Queryable& db, const std::string& token_hash) {
  auto r = co_await db.query(std::string("SELECT ") + kUserColumns +
                                 ", s.id, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id "
                                 "WHERE s.token_hash = $1 AND s.expires_at > now()",
                             db::Params(token_hash));
  if (r.empty()) co_return std::nullopt;
  co_return Principal{read_user(r, 0, 0), r.int64(0, 7), r.string(0, 8)};
}

Task<void> delete_session(db::Queryable& db, std::int64_t session_id) {
  co_await db.query("DELETE FROM sessions WHERE id = $1", db::Params(session_id));
}

Task<void> delete_sessions_except(db::Queryable& db, std::int64_t user_id, std::int64_t keep_session_id) {
  co_await db.query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2", db::Params(user_id, keep_session_id));
}

Task<void> insert_token(db::Queryable& db, const std::string& token_hash, std::int64_t user_id,
                        const std::string& purpose, const std::string& email, long long ttl_seconds) {
  co_await db.query(
      "INSERT INTO account_tokens (token_hash, user_id, purpose, email, expires_at) "
      "VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5::bigint))",
      db::Params(token_hash, user_id, purpose, email, std::int64_t(ttl_seconds)));
}

Task<std::optional<TokenUse>> consume_token(db::Queryable& db, const std::string& token_hash,
                                            const std::string& purpose) {
  auto r = co_await db.query(
      "UPDATE account_tokens SET used_at = now() "
      "WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() "
      "RETURNING user_id, email",
      db::Params(token_hash, purpose));
  if (r.empty()) co_return std::nullopt;
  co_return TokenUse{r.int64(0, 0), r.string(0, 1)};
}

Task<std::int64_t> device_user(db::Queryable& db, const std::string& token_hash) {
  auto r = co_await db.query("SELECT user_id FROM trusted_devices WHERE token_hash = $1", db::Params(token_hash));
  co_return r.empty() ? 0 : r.int64(0, 0);
}

Task<void> insert_device(db::Queryable& db, const std::string& token_hash, std::int64_t user_id) {
  co_await db.query("INSERT INTO trusted_devices (token_hash, user_id) VALUES ($1, $2)",
                    db::Params(token_hash, user_id));
}

Task<void> touch_device(db::Queryable& db, const std::string& token_hash) {
  co_await db.query("UPDATE trusted_devices SET last_used_at = now() WHERE token_hash = $1", db::Params(token_hash));
}

Task<std::int64_t> purge_stale_devices(db::Queryable& db, int days) {
  auto r = co_await db.query("DELETE FROM trusted_devices WHERE last_used_at < now() - make_interval(days => $1)",
                             db::Params(days));
  co_return r.affected();
}

Task<void> delete_unused_tokens(db::Queryable& db, std::int64_t user_id, const std::string& purpose) {
  co_await db.query("DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
                    db::Params(user_id, purpose));
}

Task<std::int64_t> purge_expired_sessions(db::Queryable& db) {
  auto r = co_await db.query("DELETE FROM sessions WHERE expires_at < now()");
  co_return r.affected();
}

Task<std::int64_t> purge_finished_tokens(db::Queryable& db) {
  auto r =
      co_await db.query("DELETE FROM account_tokens WHERE coalesce(used_at, expires_at) < now() - interval '7 days'");
  co_return r.affected();
}

}  // namespace agora::accounts::repo
