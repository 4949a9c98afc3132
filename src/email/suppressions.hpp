#pragma once
// Addresses nothing is sent to (email_suppressions): hard bounces and
// complaints reported by SES. Stored and compared lower-cased.
#include <string>

#include "db/db.hpp"

namespace agora::email {

Task<bool> is_suppressed(db::Queryable& db, const std::string& address);
// reason: bounce | complaint. A repeat keeps the first row (and its reason).
Task<void> suppress(db::Queryable& db, const std::string& address, const std::string& reason,
                    const std::string& detail);

}  // namespace agora::email
