#include "email/smtp.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>

namespace agora::email {
namespace {

TEST(SmtpClassification, FiveHundredsArePermanent) {
  EXPECT_TRUE(permanent_smtp_failure(CURLE_SEND_ERROR, 550));    // RCPT refused
  EXPECT_TRUE(permanent_smtp_failure(CURLE_LOGIN_DENIED, 535));  // bad credentials
  EXPECT_TRUE(permanent_smtp_failure(CURLE_LOGIN_DENIED, 0));
  EXPECT_TRUE(permanent_smtp_failure(CURLE_URL_MALFORMAT, 0));
}

TEST(SmtpClassification, EverythingElseIsTemporary) {
  EXPECT_FALSE(permanent_smtp_failure(CURLE_SEND_ERROR, 451));  // try again later
  EXPECT_FALSE(permanent_smtp_failure(CURLE_LOGIN_DENIED, 454));
  EXPECT_FALSE(permanent_smtp_failure(CURLE_COULDNT_CONNECT, 0));
  EXPECT_FALSE(permanent_smtp_failure(CURLE_OPERATION_TIMEDOUT, 0));
  EXPECT_FALSE(permanent_smtp_failure(CURLE_USE_SSL_FAILED, 250));  // no STARTTLS offered
  EXPECT_FALSE(permanent_smtp_failure(CURLE_PEER_FAILED_VERIFICATION, 0));
}

}  // namespace
}  // namespace agora::email
