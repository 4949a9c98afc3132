#pragma once
// What tests/e2e/aws_adapters.sh hands the *_aws_test.cpp binary: the
// endpoints of the local stand-ins (tests/aws/servers.mjs) and the key pair
// the S3 stand-in accepts, as AWSTEST_* variables. A test run without them
// fails at once with a message instead of talking to AWS.
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "aws/credentials.hpp"
#include "aws/http.hpp"
#include "aws/s3.hpp"

namespace agora::test {

inline std::string aws_env(const char* name) {
  const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): tests never set the environment
  if (!v || !*v) throw std::runtime_error(std::string(name) + " is not set: run tests/e2e/aws_adapters.sh");
  return v;
}

inline std::shared_ptr<aws::CredentialsProvider> aws_test_credentials() {
  return std::make_shared<aws::StaticCredentialsProvider>(
      aws::Credentials{aws_env("AWSTEST_KEY"), aws_env("AWSTEST_SECRET"), ""});
}

inline aws::S3Options aws_test_s3_options() {
  aws::S3Options o;
  o.bucket = aws_env("AWSTEST_S3_BUCKET");
  o.region = aws_env("AWSTEST_REGION");
  o.endpoint = aws_env("AWSTEST_S3_ENDPOINT");
  o.timeout = std::chrono::seconds(10);
  return o;
}

}  // namespace agora::test
