#include "email/job_mail.hpp"

namespace agora::email {

Task<Delivery> send_for_job(Mailer& mailer, const Config& config, jobs::JobContext& ctx, const Outgoing& mail) {
  Email e;
  e.from = config.mail_from;
  e.to = mail.to;
  e.subject = mail.content.subject;
  e.text_body = mail.content.text;
  e.html_body = mail.content.html;
  if (mail.unsubscribe_token) e.headers = list_unsubscribe_headers(config.public_url, *mail.unsubscribe_token);
  std::optional<std::string> permanent;
  try {
    co_return co_await mailer.send(ctx.tx, e, ctx.job.id);
  } catch (const SmtpError& err) {
    if (!err.permanent()) throw;
    permanent = err.what();
  } catch (const InvalidEmail& err) {
    permanent = std::string("the mail cannot be sent as it is: ") + err.what();
  }
  throw jobs::PermanentFailure(*permanent);
}

}  // namespace agora::email
