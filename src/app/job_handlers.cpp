#include "app/job_handlers.hpp"

#include "accounts/mail_jobs.hpp"
#include "analytics/events.hpp"
#include "analytics/rollups.hpp"
#include "app/encoder.hpp"
#include "app/housekeeping.hpp"
#include "embeddings/jobs.hpp"
#include "jobs/diagnostics.hpp"
#include "notifications/email_jobs.hpp"

namespace agora::app {

JobHandlers::JobHandlers(const Config& config) : mailer_(email::make_mailer(config, blocking_)) {
  accounts::add_mail_jobs(registry_, config, *mailer_);
  notifications::add_email_jobs(registry_, config, *mailer_);
  analytics::add_jobs(registry_);
  analytics::add_rollup_job(registry_);
  add_housekeeping_job(registry_);
  jobs::add_diagnostics(registry_);
  embeddings::add_jobs(registry_, process_encoder(config));
}

}  // namespace agora::app
