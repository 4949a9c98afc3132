#include "email/smtp.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "email/curl_global.hpp"

namespace agora::email {
namespace {

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, up->data->size() - up->offset);
  std::copy_n(up->data->data() + up->offset, n, buffer);
  up->offset += n;
  return n;
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

template <class T>
void set(CURL* c, CURLoption option, T value) {
  if (curl_easy_setopt(c, option, value) != CURLE_OK) throw SmtpError("libcurl refused an SMTP option", true, 0);
}

}  // namespace

SmtpSettings SmtpSettings::from(const Config& config) {
  SmtpSettings s;
  s.url = config.smtp_url;
  s.username = config.smtp_username;
  s.password = config.smtp_password;
  s.ca_file = config.smtp_ca_file;
  return s;
}

bool permanent_smtp_failure(int curl_code, long reply_code) {
  // RFC 5321 4.2.1: 5yz is a permanent negative reply, 4yz a transient one.
  if (reply_code >= 500 && reply_code <= 599) return true;
  if (reply_code >= 400 && reply_code <= 499) return false;
  switch (curl_code) {
    case CURLE_LOGIN_DENIED:   // credentials refused: retrying cannot fix them
    case CURLE_URL_MALFORMAT:  // AGORA_SMTP_URL is wrong
    case CURLE_UNSUPPORTED_PROTOCOL:
      return true;
    default:
      return false;  // connection refused, timeouts, TLS trouble: maybe better later
  }
}

SmtpClient::SmtpClient(SmtpSettings settings, BlockingPool& pool) : settings_(std::move(settings)), pool_(pool) {}

Task<void> SmtpClient::send(std::string mail_from, std::string rcpt_to, std::string message) const {
  co_await pool_.run([&] { send_blocking(mail_from, rcpt_to, message); });
}

void SmtpClient::send_blocking(const std::string& mail_from, const std::string& rcpt_to,
                               const std::string& message) const {
  ensure_curl_initialized();
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) throw SmtpError("libcurl could not make a handle", false, 0);
  CURL* c = curl.get();
  const std::string from = "<" + mail_from + ">";
  std::unique_ptr<curl_slist, ListDeleter> rcpt(curl_slist_append(nullptr, ("<" + rcpt_to + ">").c_str()));
  Upload up{&message};
  char error[CURL_ERROR_SIZE] = {};

  set(c, CURLOPT_URL, settings_.url.c_str());
  set(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  // STARTTLS is required on smtp://: without it the password and the mail
  // would cross the network in clear text.
  set(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings_.ca_file.empty()) set(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.username.empty()) {
    set(c, CURLOPT_USERNAME, settings_.username.c_str());
    set(c, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  set(c, CURLOPT_MAIL_FROM, from.c_str());
  set(c, CURLOPT_MAIL_RCPT, rcpt.get());
  set(c, CURLOPT_UPLOAD, 1L);
  set(c, CURLOPT_READFUNCTION, read_message);
  set(c, CURLOPT_READDATA, &up);
  set(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  set(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings_.connect_timeout.count()));
  set(c, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.total_timeout.count()));
  set(c, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  set(c, CURLOPT_ERRORBUFFER, error);

  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return;
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  const bool permanent = permanent_smtp_failure(rc, reply);
  std::string what = std::string("SMTP send failed: ") + curl_easy_strerror(rc);
  if (error[0] != '\0') what += " (" + std::string(error) + ")";
  if (reply != 0) what += ", last reply " + std::to_string(reply);
  throw SmtpError(what, permanent, reply);
}

}  // namespace agora::email
