// Account mail through the queue and a real SMTP server (tests/email), with
// the server away for a while: nothing is lost, and the mail goes out once
// the server is back.
#include <gtest/gtest.h>

#include "support/api.hpp"
#include "support/jobs.hpp"
#include "support/smtp_test_server.hpp"

namespace agora::test {
namespace {

class MailJobsOverSmtp : public ApiTest {
 protected:
  void configure(Config& c) override {
    c.mailer = "smtp";
    c.smtp_url = down_.url();  // the first server stops before any mail is sent
    c.smtp_username = SmtpTestServer::kUser;
    c.smtp_password = SmtpTestServer::kPassword;
    c.smtp_ca_file = down_.ca_file();
    c.job_retry_base = std::chrono::minutes(1);
  }
  SmtpTestServer down_{SmtpTestServer::Mode::starttls};
};

TEST_F(MailJobsOverSmtp, AnSmtpOutageLosesNoMailAndDeliveryResumesWhenItIsBack) {
  down_.stop();
  signup_ok("ada@example.com", "ada_l");
  EXPECT_EQ(run_jobs(), 2) << "the verification mail (failed) and the analytics event";
  EXPECT_EQ(db().scalar("SELECT state || ' ' || attempts FROM jobs WHERE kind = 'email.verify'"), "ready 1");
  EXPECT_NE(db().scalar("SELECT coalesce(last_error, '') FROM jobs WHERE kind = 'email.verify'"), "");
  EXPECT_EQ(db().count("account_tokens"), 0) << "the failed attempt's token rolled back with it";

  // The server is back (at a new address here: the test server cannot
  // reuse the stopped one's port, as a restarted relay host would).
  SmtpTestServer back(SmtpTestServer::Mode::starttls);
  Config config = server().config();
  config.smtp_url = back.url();
  config.smtp_ca_file = back.ca_file();
  db().exec("UPDATE jobs SET run_at = now() WHERE kind = 'email.verify'");  // its backoff has passed
  EXPECT_EQ(run_pending_jobs(config), 1);
  EXPECT_EQ(db().scalar("SELECT state || ' ' || attempts FROM jobs WHERE kind = 'email.verify'"), "done 2");
  const auto mail = back.message(1);
  EXPECT_NE(std::string(mail.at("text").as_string()).find("/verify-email?token="), std::string::npos);
  EXPECT_EQ(back.received(), 1);
  EXPECT_EQ(db().count("account_tokens"), 1);
  EXPECT_EQ(db().count("dev_mailbox"), 0) << "SMTP mode writes nothing to the dev mailbox";
}

}  // namespace
}  // namespace agora::test
