// S3Client against the S3 stand-in (s3rver behind an independent SigV4
// check, tests/aws/servers.mjs): run by tests/e2e/aws_adapters.sh.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <thread>

#include "aws/s3.hpp"
#include "core/crypto.hpp"
#include "support/aws_env.hpp"
#include "support/elapsed.hpp"
#include "support/run_task.hpp"

namespace agora::aws {
namespace {

using namespace std::chrono_literals;

class S3Live : public ::testing::Test {
 protected:
  std::shared_ptr<HttpClient> http_ = std::make_shared<HttpClient>(2);
  S3Client s3_{test::aws_test_s3_options(), test::aws_test_credentials(), http_};
  std::string key_ = "tests/" + crypto::random_hex(8) + "/a b+c.txt";  // spaces and '+' must survive signing
};

HttpResponse upload(const std::string& url, const std::string& type, const std::string& body) {
  return perform({"PUT", url, {{"Content-Type", type}}, body});
}

TEST_F(S3Live, PutGetHeadDeleteRoundTrip) {
  boost::asio::io_context ioc;
  const std::string body("binary\0bytes\xff", 13);
  test::run_task(ioc, s3_.put(key_, body, "application/octet-stream"));
  const auto head = test::run_task(ioc, s3_.head(key_));
  ASSERT_TRUE(head);
  EXPECT_EQ(head->content_length, body.size());
  EXPECT_EQ(head->content_type, "application/octet-stream");
  const auto object = test::run_task(ioc, s3_.get(key_));
  ASSERT_TRUE(object);
  EXPECT_EQ(object->body, body);
  test::run_task(ioc, s3_.remove(key_));
  EXPECT_FALSE(test::run_task(ioc, s3_.head(key_)));
  EXPECT_FALSE(test::run_task(ioc, s3_.get(key_)));
  EXPECT_NO_THROW(test::run_task(ioc, s3_.remove(key_))) << "deleting a missing key is fine, as on S3";
}

TEST_F(S3Live, AWrongSecretIsRefused) {
  S3Client wrong(test::aws_test_s3_options(),
                 std::make_shared<StaticCredentialsProvider>(Credentials{test::aws_env("AWSTEST_KEY"), "wrong", ""}),
                 http_);
  try {
    wrong.put_now(key_, "x", "text/plain");
    FAIL() << "a request signed with the wrong secret was accepted";
  } catch (const S3Error& e) {
    EXPECT_EQ(e.status, 403);
    EXPECT_EQ(e.code, "SignatureDoesNotMatch");
  }
}

TEST_F(S3Live, PresignedPutBindsContentTypeAndLength) {
  boost::asio::io_context ioc;
  const std::string body = "exactly these bytes";
  const std::string url = test::run_task(ioc, s3_.presign_put(key_, "image/png", body.size(), 60s));
  EXPECT_EQ(url.rfind(s3_.object_url(key_) + "?", 0), 0u) << url;

  EXPECT_EQ(upload(url, "image/jpeg", body).status, 403) << "another content type";
  EXPECT_EQ(upload(url, "image/png", body + "!").status, 403) << "another length";
  EXPECT_FALSE(s3_.head_now(key_));

  const HttpResponse ok = upload(url, "image/png", body);
  EXPECT_EQ(ok.status, 200) << ok.body;
  const auto head = s3_.head_now(key_);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->content_type, "image/png");
  EXPECT_EQ(s3_.get_now(key_)->body, body);
  s3_.remove_now(key_);
}

TEST_F(S3Live, PresignedGetWorksAndExpires) {
  s3_.put_now(key_, "hello", "text/plain");
  const std::string url = s3_.presign_get_now(key_, 1s);
  const HttpResponse got = perform({"GET", url});
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "hello");

  HttpRequest tampered{"GET", url};
  tampered.url.replace(tampered.url.find("X-Amz-Expires=1"), 15, "X-Amz-Expires=9");
  EXPECT_EQ(perform(tampered).status, 403) << "the expiry is signed";

  std::this_thread::sleep_for(2100ms);
  const HttpResponse late = perform({"GET", url});
  EXPECT_EQ(late.status, 403) << late.body;
  s3_.remove_now(key_);
}

// ---------------------------------------------------------------- failures
TEST(S3Unreachable, ARefusedConnectionFailsAtOnce) {
  // A port nobody listens on: bind one, note it, close it.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  S3Options o = test::aws_test_s3_options();
  o.endpoint = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  S3Client s3(o, test::aws_test_credentials(), std::make_shared<HttpClient>(1));
  const auto started = test::Clock::now();
  EXPECT_THROW(s3.put_now("k", "x", "text/plain"), HttpError);
  EXPECT_LT(test::since(started).count(), 2000);
}

TEST(S3Unreachable, AServerThatNeverAnswersTimesOut) {
  // Listening, so the connection is accepted by the kernel, but nobody reads.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  S3Options o = test::aws_test_s3_options();
  o.endpoint = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  o.timeout = 1s;
  S3Client s3(o, test::aws_test_credentials(), std::make_shared<HttpClient>(1));
  const auto started = test::Clock::now();
  try {
    s3.get_now("k");
    ADD_FAILURE() << "no exception";
  } catch (const HttpError& e) {
    EXPECT_NE(std::string(e.what()).find("Timeout"), std::string::npos) << e.what();
  }
  EXPECT_GE(test::since(started).count(), 900);
  EXPECT_LT(test::since(started).count(), 3000);
  ::close(fd);
}

}  // namespace
}  // namespace agora::aws
