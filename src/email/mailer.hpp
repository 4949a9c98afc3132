#pragma once
// How an email job's message leaves: into the dev mailbox (default) or to an
// SMTP server (AGORA_MAILER=smtp). Both skip suppressed addresses (hard
// bounces and complaints) and say so, so the job can record it.
#include <cstdint>
#include <memory>

#include "core/config.hpp"
#include "core/offload.hpp"
#include "db/db.hpp"
#include "email/message.hpp"
#include "email/smtp.hpp"

namespace agora::email {

enum class Delivery { sent, suppressed };

class Mailer {
 public:
  virtual ~Mailer() = default;
  // `db` is the job's transaction: the suppression check and the dev
  // mailbox row commit (or roll back) with the job's completion
  // (docs/adr/0078), and pools belong to one event loop, so the mailer holds
  // none. `job_id` makes the Message-ID and keeps a repeated job harmless.
  // Throws InvalidEmail for a malformed message, SmtpError when SMTP fails.
  virtual Task<Delivery> send(db::Queryable& db, const Email& mail, std::int64_t job_id) = 0;
};

// Stores the message in dev_mailbox, once per job (ON CONFLICT (job_id) DO NOTHING).
class MailboxMailer final : public Mailer {
 public:
  Task<Delivery> send(db::Queryable& db, const Email& mail, std::int64_t job_id) override;
};

class SmtpMailer final : public Mailer {
 public:
  SmtpMailer(SmtpSettings settings, BlockingPool& pool);
  Task<Delivery> send(db::Queryable& db, const Email& mail, std::int64_t job_id) override;

 private:
  SmtpClient client_;
};

// AGORA_MAILER: mailbox or smtp. `pool` runs SMTP transfers; it must outlive the mailer.
std::unique_ptr<Mailer> make_mailer(const Config& config, BlockingPool& pool);

}  // namespace agora::email
