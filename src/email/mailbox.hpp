#pragma once
// The development mailbox: outgoing messages are stored in `dev_mailbox`
// instead of being sent, and admins read them through the API. Mail is
// written by jobs (docs/adr/0078), never inside a request.
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

// Stores the mail of job `job_id` (once: a repeat of the job adds nothing).
Task<void> send(db::Queryable& db, const std::string& to, const std::string& subject, const std::string& body,
                std::int64_t job_id);

// Newest first; `before_id` continues a previous page (cursor pagination).
Task<std::vector<Message>> list(db::Queryable& db, int limit, std::optional<std::int64_t> before_id,
                                std::optional<std::string> to);

}  // namespace agora::email
