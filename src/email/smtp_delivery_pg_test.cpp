// The SMTP mailer against a real SMTP server on loopback (Node's
// smtp-server, tests/email): what arrives, and how failures are classified.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/crypto.hpp"
#include "db/standalone.hpp"
#include "email/mailer.hpp"
#include "email/unsubscribe.hpp"
#include "support/pg_cluster.hpp"
#include "support/smtp_test_server.hpp"
#include "support/test_server.hpp"

namespace agora::test {
namespace {
using Mode = SmtpTestServer::Mode;
using namespace std::chrono_literals;

email::SmtpSettings settings_for(const SmtpTestServer& server) {
  email::SmtpSettings s;
  s.url = server.url();
  s.username = SmtpTestServer::kUser;
  s.password = SmtpTestServer::kPassword;
  s.ca_file = server.ca_file();
  s.connect_timeout = 2s;
  s.total_timeout = 5s;
  return s;
}

email::Email sample() {
  email::Email m;
  m.from = "Agora Café <no-reply@example.com>";
  m.to = "Zoë <zoe@example.com>";
  m.subject = "Grüße aus Köln — 日本語の件名";
  m.text_body = "Hello Zoë,\n\n.a line with a dot, = signs and a long line " + std::string(120, 'x') + "\n";
  m.html_body = "<p>Hello Zoë, <b>welcome</b> — 日本語</p>";
  m.headers = email::list_unsubscribe_headers("https://agora.example.com", "TOKEN_abc-123");
  return m;
}

// Sends raw MIME straight through the client and returns the error it threw.
std::optional<email::SmtpError> failure_of(const email::SmtpSettings& s, const std::string& rcpt = "zoe@example.com") {
  BlockingPool pool(1);
  email::SmtpClient client(s, pool);
  try {
    client.send_blocking("no-reply@example.com", rcpt, email::render_mime(sample()));
  } catch (const email::SmtpError& e) {
    return e;
  }
  return std::nullopt;
}

// A string field of a received message ("(not a string)" otherwise).
std::string str(const boost::json::object& m, std::string_view key) {
  const auto* v = m.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : "(not a string)";
}

class SmtpDelivery : public ::testing::Test {
 protected:
  void SetUp() override { crypto::init(); }
};

TEST_F(SmtpDelivery, ArrivesIntactOverStartTlsWithAuth) {
  SmtpTestServer server(Mode::starttls);
  TestDatabase db;
  BlockingPool pool(1);
  email::SmtpMailer mailer(settings_for(server), pool);
  email::Delivery d{};
  db::with_pool(test_config(db.url()), [&](db::Pool& p) -> Task<void> { d = co_await mailer.send(p, sample(), 77); });
  EXPECT_EQ(d, email::Delivery::sent);

  const auto m = server.message(1);
  EXPECT_EQ(m.at("secure"), true);  // STARTTLS happened before anything else
  EXPECT_EQ(str(m, "user"), SmtpTestServer::kUser);
  EXPECT_EQ(m.at("mailFrom"), "no-reply@example.com");
  EXPECT_EQ(m.at("rcptTo"), boost::json::array({"zoe@example.com"}));
  EXPECT_EQ(str(m, "subject"), sample().subject);
  EXPECT_EQ(str(m, "text"), sample().text_body);
  EXPECT_EQ(str(m, "html"), sample().html_body);
  EXPECT_EQ(m.at("listUnsubscribe"), "<https://agora.example.com/api/v1/email/unsubscribe?token=TOKEN_abc-123>");
  EXPECT_EQ(m.at("listUnsubscribePost"), "List-Unsubscribe=One-Click");
  const std::string id(m.at("messageId").as_string());
  EXPECT_EQ(id.rfind("<77.", 0), 0u) << id;
  EXPECT_EQ(id.substr(id.size() - 13), "@example.com>");
  const std::string from(m.at("headers").at("from").as_string());
  EXPECT_NE(from.find("Agora Café"), std::string::npos) << from;
}

TEST_F(SmtpDelivery, ImplicitTlsWorksToo) {
  SmtpTestServer server(Mode::tls);
  EXPECT_FALSE(failure_of(settings_for(server)));
  EXPECT_EQ(server.message(1).at("secure"), true);
}

TEST_F(SmtpDelivery, AServerWithoutStartTlsIsRefused) {
  SmtpTestServer server(Mode::plain);
  auto e = failure_of(settings_for(server));
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->permanent()) << e->what();
  EXPECT_EQ(server.received(), 0);
}

TEST_F(SmtpDelivery, AnUntrustedCertificateIsRefused) {
  SmtpTestServer server(Mode::starttls);
  auto s = settings_for(server);
  s.ca_file.clear();  // the system's CAs do not know the test's self-signed certificate
  auto e = failure_of(s);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->permanent()) << e->what();
  EXPECT_EQ(server.received(), 0);
}

TEST_F(SmtpDelivery, WrongCredentialsArePermanent) {
  SmtpTestServer server(Mode::starttls);
  auto s = settings_for(server);
  s.password = "wrong";
  auto e = failure_of(s);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->permanent()) << e->what();
  EXPECT_EQ(e->reply_code(), 535) << e->what();
}

TEST_F(SmtpDelivery, ARefusedRecipientIsPermanent) {
  SmtpTestServer server(Mode::starttls);
  auto e = failure_of(settings_for(server), "reject-me@example.com");
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->permanent()) << e->what();
  EXPECT_EQ(e->reply_code(), 550);
}

TEST_F(SmtpDelivery, AStoppedServerIsTemporaryAndQuick) {
  SmtpTestServer server(Mode::starttls);
  const auto s = settings_for(server);
  server.stop();
  const auto start = std::chrono::steady_clock::now();
  auto e = failure_of(s);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->permanent()) << e->what();
  EXPECT_LT(std::chrono::steady_clock::now() - start, s.connect_timeout + 1s);
}

TEST_F(SmtpDelivery, ASilentServerTimesOutAsTemporary) {
  // Accepts connections (the kernel's backlog) and never says a word.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  email::SmtpSettings s;
  s.url = "smtp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  s.connect_timeout = 1s;
  s.total_timeout = 2s;
  const auto start = std::chrono::steady_clock::now();
  auto e = failure_of(s);
  const auto took = std::chrono::steady_clock::now() - start;
  ::close(fd);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->permanent()) << e->what();
  EXPECT_GE(took, 1s);
  EXPECT_LT(took, s.total_timeout + 1s);
}

}  // namespace
}  // namespace agora::test
