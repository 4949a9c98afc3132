// Addressing and presigned URLs of S3Client, without a server: nothing here
// sends a request.
#include "aws/s3.hpp"

#include <gtest/gtest.h>

namespace agora::aws {
namespace {

using namespace std::chrono_literals;

S3Client client(const std::string& endpoint, const std::string& token = "") {
  return S3Client({"agora-media", "eu-west-1", endpoint},
                  std::make_shared<StaticCredentialsProvider>(Credentials{"AKIDEXAMPLE", "secret", token}),
                  std::make_shared<HttpClient>(1));
}

TEST(S3Addressing, VirtualHostedOnAwsPathStyleWithAnEndpoint) {
  EXPECT_EQ(client("").object_url("ab/c.png"), "https://agora-media.s3.eu-west-1.amazonaws.com/ab/c.png");
  EXPECT_EQ(client("http://127.0.0.1:9000").object_url("a b+c.png"), "http://127.0.0.1:9000/agora-media/a%20b%2Bc.png");
  EXPECT_EQ(client("https://minio.internal/s3/").object_url("k"), "https://minio.internal/s3/agora-media/k");
  EXPECT_THROW(client("").object_url(""), std::invalid_argument);
  EXPECT_THROW(S3Client({"", "us-east-1", ""}, nullptr, nullptr), std::invalid_argument);
}

TEST(S3Presign, PutSignsTypeAndLengthGetSignsHostOnly) {
  const std::string put = client("").presign_put_now("k.png", "image/png", 1234, 300s);
  EXPECT_EQ(put.rfind("https://agora-media.s3.eu-west-1.amazonaws.com/k.png?", 0), 0u) << put;
  EXPECT_NE(put.find("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost&"), std::string::npos) << put;
  EXPECT_NE(put.find("X-Amz-Expires=300&"), std::string::npos);
  EXPECT_NE(put.find("%2Feu-west-1%2Fs3%2Faws4_request"), std::string::npos);

  const std::string get = client("http://127.0.0.1:9000", "session/token").presign_get_now("k.png", 60s);
  EXPECT_EQ(get.rfind("http://127.0.0.1:9000/agora-media/k.png?", 0), 0u) << get;
  EXPECT_NE(get.find("X-Amz-SignedHeaders=host&"), std::string::npos);
  EXPECT_NE(get.find("X-Amz-Security-Token=session%2Ftoken&"), std::string::npos);
}

}  // namespace
}  // namespace agora::aws
