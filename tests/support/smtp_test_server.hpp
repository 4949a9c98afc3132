#pragma once
// A real SMTP server on loopback for the SMTP mailer's tests: Node's
// smtp-server (tests/email/smtp-server.mjs, packages pinned in
// tests/email/package-lock.json and installed with `npm ci` on first use),
// with a self-signed certificate made by openssl for the test. Messages that
// arrive are parsed by mailparser and read back as JSON.
#include <boost/json/object.hpp>
#include <chrono>
#include <filesystem>
#include <string>

#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace agora::test {

class SmtpTestServer {
 public:
  enum class Mode { starttls, plain, tls };
  static constexpr const char* kUser = "mailer";
  static constexpr const char* kPassword = "test-only-password";

  explicit SmtpTestServer(Mode mode);
  ~SmtpTestServer();
  SmtpTestServer(const SmtpTestServer&) = delete;
  SmtpTestServer& operator=(const SmtpTestServer&) = delete;

  int port() const { return port_; }
  // smtp://127.0.0.1:port (smtps:// in tls mode).
  std::string url() const;
  // The certificate the server presents: the CA file a client must trust.
  std::string ca_file() const { return (dir_.path() / "cert.pem").string(); }

  // Stops the server (the port then refuses connections); idempotent.
  void stop();

  // The n-th message received (1-based), waiting up to `timeout`; throws
  // std::runtime_error if it has not arrived by then.
  boost::json::object message(int n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  int received() const;

 private:
  TempDir dir_{"agora-smtp"};
  std::filesystem::path inbox_;
  Mode mode_;
  ServerProcess process_;
  int port_ = 0;
};

}  // namespace agora::test
