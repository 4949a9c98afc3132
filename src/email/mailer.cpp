#include "email/mailer.hpp"

#include <boost/json.hpp>

#include "email/suppressions.hpp"

namespace agora::email {
namespace {

Email with_message_id(const Email& mail, std::int64_t job_id) {
  Email out = mail;
  if (out.message_id.empty()) out.message_id = make_message_id(job_id, mail.from);
  return out;
}

}  // namespace

Task<Delivery> MailboxMailer::send(db::Queryable& db, const Email& mail, std::int64_t job_id) {
  const auto full = with_message_id(mail, job_id);
  // Rendered and dropped: a message SMTP would refuse to build (a header
  // with a line break) fails here too, so development sees the same errors.
  (void)render_mime(full);
  const auto to = parse_address(full.to).addr;
  if (co_await is_suppressed(db, to)) co_return Delivery::suppressed;
  boost::json::object headers{{"From", full.from}, {"Message-ID", full.message_id}};
  for (const auto& [name, value] : full.headers) headers[name] = value;
  co_await db.query(
      R"sql(
INSERT INTO dev_mailbox (to_address, subject, body, html_body, headers, job_id)
VALUES ($1, $2, $3, NULLIF($4, ''), $5::jsonb, $6)
ON CONFLICT (job_id) DO NOTHING)sql",
      db::Params(to, full.subject, full.text_body, full.html_body, boost::json::serialize(headers), job_id));
  co_return Delivery::sent;
}

SmtpMailer::SmtpMailer(SmtpSettings settings, BlockingPool& pool) : client_(std::move(settings), pool) {}

Task<Delivery> SmtpMailer::send(db::Queryable& db, const Email& mail, std::int64_t job_id) {
  const auto full = with_message_id(mail, job_id);
  auto message = render_mime(full);
  const auto to = parse_address(full.to).addr;
  if (co_await is_suppressed(db, to)) co_return Delivery::suppressed;
  co_await client_.send(parse_address(full.from).addr, to, std::move(message));
  co_return Delivery::sent;
}

std::unique_ptr<Mailer> make_mailer(const Config& config, BlockingPool& pool) {
  if (config.mailer == "smtp") return std::make_unique<SmtpMailer>(SmtpSettings::from(config), pool);
  return std::make_unique<MailboxMailer>();
}

}  // namespace agora::email
