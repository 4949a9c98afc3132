#pragma once
// The development mailbox as admins read it through the API; MailboxMailer
// (mailer.hpp) writes it, from jobs (docs/adr/0078), never inside a request.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace agora::email {

struct Message {
  std::int64_t id = 0;
  std::string to, subject, body, created_at;
};

// Newest first; `before_id` continues a previous page (cursor pagination).
Task<std::vector<Message>> list(db::Queryable& db, int limit, std::optional<std::int64_t> before_id,
                                std::optional<std::string> to);

}  // namespace agora::email
