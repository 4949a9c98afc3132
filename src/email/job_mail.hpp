#pragma once
// What every mail job does last: address the rendered mail (From, To,
// List-Unsubscribe when it has an unsubscribe link) and hand it to the
// mailer inside the job's transaction. An SMTP refusal that retrying cannot
// fix (5xx, rejected credentials) becomes a PermanentFailure, so the job is
// dead-lettered at once instead of retried for hours.
#include <cstdint>
#include <optional>
#include <string>

#include "core/config.hpp"
#include "email/mailer.hpp"
#include "email/templates.hpp"
#include "email/unsubscribe.hpp"
#include "jobs/registry.hpp"

namespace agora::email {

struct Outgoing {
  std::string to;
  Rendered content;
  std::optional<std::string> unsubscribe_token;  // adds the RFC 8058 headers
};

Task<Delivery> send_for_job(Mailer& mailer, const Config& config, jobs::JobContext& ctx, const Outgoing& mail);

}  // namespace agora::email
