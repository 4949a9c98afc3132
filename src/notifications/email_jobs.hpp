#pragma once
// Notifications by email. A fan-out enqueues `notify.email` with the new
// notifications' ids; its handler picks those whose owner wants that kind
// at once (email_preferences, default: replies and mentions at once,
// everything else in the daily digest), verified and not suppressed, and
// enqueues one `email.notification` per mail, so a failing mail is retried
// alone. Digests: `schedule.email-digests-daily|weekly` enqueue one
// `email.digest` per user with notifications their digest has not covered.
#include "core/config.hpp"
#include "email/mailer.hpp"
#include "jobs/registry.hpp"

namespace agora::notifications {

void add_email_jobs(jobs::Registry& registry, const Config& config, email::Mailer& mailer);

}  // namespace agora::notifications
