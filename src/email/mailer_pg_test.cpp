// The dev mailbox mailer (once per job, in the job's transaction), and both
// mailers' suppression list.
#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "db/standalone.hpp"
#include "email/mailer.hpp"
#include "support/pg_cluster.hpp"
#include "support/test_server.hpp"

namespace agora::test {
namespace {

email::Email mail_to(const std::string& to) {
  email::Email m;
  m.from = "Agora <no-reply@example.com>";
  m.to = to;
  m.subject = "Grüße";
  m.text_body = "text";
  m.html_body = "<p>html</p>";
  m.headers = {{"List-Unsubscribe", "<https://example.com/api/v1/email/unsubscribe?token=t>"},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
  return m;
}

class Mailers : public ::testing::Test {
 protected:
  void SetUp() override { crypto::init(); }

  email::Delivery send(email::Mailer& mailer, const email::Email& m, std::int64_t job) {
    email::Delivery d{};
    db::with_pool(config, [&](db::Pool& pool) -> Task<void> { d = co_await mailer.send(pool, m, job); });
    return d;
  }

  TestDatabase db;
  Config config = test_config(db.url());
  BlockingPool pool{1};
};

TEST_F(Mailers, MailboxStoresTheMessageOncePerJob) {
  email::MailboxMailer mailer;
  EXPECT_EQ(send(mailer, mail_to("Ada <ada@example.com>"), 42), email::Delivery::sent);
  EXPECT_EQ(send(mailer, mail_to("Ada <ada@example.com>"), 42), email::Delivery::sent);
  auto rows = db.query(
      "SELECT to_address, subject, body, html_body, headers->>'List-Unsubscribe', headers->>'Message-ID', "
      "headers->>'List-Unsubscribe-Post' FROM dev_mailbox WHERE job_id = 42");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "ada@example.com");
  EXPECT_EQ(rows[0][1], "Grüße");
  EXPECT_EQ(rows[0][2], "text");
  EXPECT_EQ(rows[0][3], "<p>html</p>");
  EXPECT_EQ(rows[0][4], "<https://example.com/api/v1/email/unsubscribe?token=t>");
  EXPECT_EQ(rows[0][5]->rfind("<42.", 0), 0u) << *rows[0][5];
  EXPECT_EQ(rows[0][6], "List-Unsubscribe=One-Click");
  EXPECT_EQ(db.count("dev_mailbox"), 1);
}

TEST_F(Mailers, MailboxRowRollsBackWithTheJobsTransaction) {
  email::MailboxMailer mailer;
  db::with_pool(config, [&](db::Pool& p) -> Task<void> {
    auto tx = co_await p.begin();
    co_await mailer.send(tx, mail_to("ada@example.com"), 7);
    // No commit: the job failed after sending, so its mail is not kept either.
  });
  EXPECT_EQ(db.count("dev_mailbox"), 0);
}

TEST_F(Mailers, MailboxRefusesHeaderInjection) {
  email::MailboxMailer mailer;
  auto m = mail_to("ada@example.com");
  m.subject = "Hi\r\nBcc: victim@example.com";
  EXPECT_THROW(send(mailer, m, 1), email::InvalidEmail);
  EXPECT_EQ(db.count("dev_mailbox"), 0);
}

TEST_F(Mailers, SuppressedAddressesAreSkippedByBoth) {
  db.exec("INSERT INTO email_suppressions (email, reason) VALUES ('gone@example.com', 'bounce')");
  email::MailboxMailer mailbox;
  EXPECT_EQ(send(mailbox, mail_to("Gone <Gone@Example.com>"), 5), email::Delivery::suppressed);
  EXPECT_EQ(db.count("dev_mailbox"), 0);
  // Nothing listens on port 9: the SMTP mailer would fail if it tried.
  email::SmtpSettings s;
  s.url = "smtp://127.0.0.1:9";
  s.connect_timeout = std::chrono::milliseconds(500);
  email::SmtpMailer smtp(s, pool);
  EXPECT_EQ(send(smtp, mail_to("gone@example.com"), 6), email::Delivery::suppressed);
  EXPECT_THROW(send(smtp, mail_to("other@example.com"), 6), email::SmtpError);
}

TEST_F(Mailers, MakeMailerFollowsTheConfig) {
  EXPECT_NE(dynamic_cast<email::MailboxMailer*>(email::make_mailer(config, pool).get()), nullptr);
  config.mailer = "smtp";
  config.smtp_url = "smtps://127.0.0.1:465";
  EXPECT_NE(dynamic_cast<email::SmtpMailer*>(email::make_mailer(config, pool).get()), nullptr);
}

}  // namespace
}  // namespace agora::test
