// Web identity (IRSA) against the STS stand-in (tests/aws/servers.mjs), whose
// temporary keys the S3 stand-in accepts: run by tests/e2e/aws_adapters.sh.
#include <gtest/gtest.h>

#include <fstream>

#include "aws/credentials.hpp"
#include "aws/s3.hpp"
#include "support/aws_env.hpp"
#include "support/temp_dir.hpp"

namespace agora::aws {
namespace {

using namespace std::chrono_literals;

class WebIdentityLive : public ::testing::Test {
 protected:
  WebIdentityOptions options(const std::string& token) {
    const std::string file = (dir_.path() / "token").string();
    std::ofstream(file) << token << "\n";
    WebIdentityOptions o;
    o.role_arn = test::aws_env("AWSTEST_ROLE_ARN");
    o.token_file = file;
    o.session_name = "agora-test";
    o.region = test::aws_env("AWSTEST_REGION");
    o.sts_endpoint = test::aws_env("AWSTEST_STS_ENDPOINT");
    return o;
  }
  test::TempDir dir_{"agora-irsa"};
};

TEST_F(WebIdentityLive, AssumesTheRoleCachesAndRenewsBeforeExpiry) {
  auto now = std::chrono::system_clock::now();
  auto provider = std::make_shared<WebIdentityCredentialsProvider>(options(test::aws_env("AWSTEST_WEB_TOKEN")),
                                                                   [&] { return now; });
  const Credentials first = provider->get();
  EXPECT_EQ(first.access_key_id.rfind("ASIA", 0), 0u);
  EXPECT_FALSE(first.session_token.empty());
  EXPECT_EQ(provider->get().access_key_id, first.access_key_id) << "cached, no second STS call";

  // The stand-in issues one-hour credentials: 56 minutes on, inside the
  // five-minute margin, the provider renews them.
  now += 56min;
  const Credentials renewed = provider->get();
  EXPECT_NE(renewed.access_key_id, first.access_key_id);

  // And S3 accepts the temporary keys (with their session token).
  S3Client s3(test::aws_test_s3_options(), provider, std::make_shared<HttpClient>(1));
  now = std::chrono::system_clock::now();
  s3.put_now("irsa/object", "via web identity", "text/plain");
  EXPECT_EQ(s3.get_now("irsa/object")->body, "via web identity");
  s3.remove_now("irsa/object");
}

TEST_F(WebIdentityLive, ARefusedTokenIsACredentialsErrorWithStsCode) {
  WebIdentityCredentialsProvider provider(options("not-the-token"));
  try {
    provider.get();
    FAIL() << "no exception";
  } catch (const CredentialsError& e) {
    EXPECT_NE(std::string(e.what()).find("InvalidIdentityToken"), std::string::npos) << e.what();
  }
}

TEST_F(WebIdentityLive, TheEnvironmentSelectsWebIdentity) {
  const WebIdentityOptions o = options(test::aws_env("AWSTEST_WEB_TOKEN"));
  const std::map<std::string, std::string> env{{"AWS_ROLE_ARN", o.role_arn},
                                               {"AWS_WEB_IDENTITY_TOKEN_FILE", o.token_file},
                                               {"AWS_ENDPOINT_URL_STS", o.sts_endpoint}};
  auto provider = credentials_from_environment(o.region, [&](const std::string& n) -> std::optional<std::string> {
    const auto it = env.find(n);
    if (it == env.end()) return std::nullopt;
    return it->second;
  });
  EXPECT_EQ(provider->get().access_key_id.rfind("ASIA", 0), 0u);
}

}  // namespace
}  // namespace agora::aws
