#pragma once
// Sends rendered messages over SMTP with libcurl: smtp:// requires STARTTLS
// (a server that does not offer it is refused, never used in clear text),
// smtps:// is TLS from the first byte. The transfer blocks, so it runs on a
// BlockingPool and no event loop waits for a mail server.
#include <chrono>
#include <stdexcept>
#include <string>

#include "core/config.hpp"
#include "core/offload.hpp"
#include "core/task.hpp"

namespace agora::email {

struct SmtpSettings {
  std::string url;  // smtp://host:587 or smtps://host:465
  std::string username, password;
  std::string ca_file;  // empty: the system's CA bundle
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};

  static SmtpSettings from(const Config& config);
};

// A send that failed. Permanent failures (the server refused the sender,
// the recipient, the message or our credentials with a 5xx reply) will fail
// the same way again: the queue dead-letters them. Everything else
// (connection refused, timeouts, TLS trouble, 4xx replies) is temporary and
// worth a retry.
class SmtpError : public std::runtime_error {
 public:
  SmtpError(const std::string& what, bool permanent, long reply_code)
      : std::runtime_error(what), permanent_(permanent), reply_code_(reply_code) {}
  bool permanent() const { return permanent_; }
  long reply_code() const { return reply_code_; }  // the server's last reply, 0 when there was none

 private:
  bool permanent_;
  long reply_code_;
};

// The classification above, from libcurl's result code and the last reply.
bool permanent_smtp_failure(int curl_code, long reply_code);

class SmtpClient {
 public:
  SmtpClient(SmtpSettings settings, BlockingPool& pool);

  // MAIL FROM:<mail_from>, RCPT TO:<rcpt_to>, DATA `message` (CRLF lines,
  // as render_mime makes it). Throws SmtpError.
  Task<void> send(std::string mail_from, std::string rcpt_to, std::string message) const;
  void send_blocking(const std::string& mail_from, const std::string& rcpt_to, const std::string& message) const;

 private:
  SmtpSettings settings_;
  BlockingPool& pool_;
};

}  // namespace agora::email
