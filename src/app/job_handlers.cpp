#include "app/job_handlers.hpp"

#include "accounts/mail_jobs.hpp"
#include "analytics/events.hpp"
#include "analytics/rollups.hpp"
#include "app/housekeeping.hpp"
#include "jobs/diagnostics.hpp"
#include "notifications/email_jobs.hpp"

namespace agora::app {

jobs::Registry job_handlers(const Config& config) {
  jobs::Registry r;
  accounts::add_mail_jobs(r, config);
  notifications::add_email_jobs(r, config);
  analytics::add_jobs(r);
  analytics::add_rollup_job(r);
  add_housekeeping_job(r);
  jobs::add_diagnostics(r);
  return r;
}

}  // namespace agora::app
