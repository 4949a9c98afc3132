#include "email/suppressions.hpp"

namespace agora::email {

Task<bool> is_suppressed(db::Queryable& db, const std::string& address) {
  auto r = co_await db.query("SELECT 1 FROM email_suppressions WHERE email = lower($1)", db::Params(address));
  co_return !r.empty();
}

Task<void> suppress(db::Queryable& db, const std::string& address, const std::string& reason,
                    const std::string& detail) {
  co_await db.query(
      "INSERT INTO email_suppressions (email, reason, detail) VALUES (lower($1), $2, left($3, 1000)) "
      "ON CONFLICT (email) DO NOTHING",
      db::Params(address, reason, detail));
}

}  // namespace agora::email
