// Credentials from the environment and STS's answer, without any network.
#include "aws/credentials.hpp"

#include <gtest/gtest.h>

#include <map>

#include "aws/endpoint.hpp"
#include "aws/xml.hpp"

namespace agora::aws {
namespace {

// Shaped like the example response in the STS API reference.
constexpr std::string_view kResponse =
    R"(<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>system:serviceaccount:agora:agora</SubjectFromWebIdentityToken>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/agora/app1</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2014-10-24T23:00:23Z</Expiration>
      <AccessKeyId>ASgeIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
</AssumeRoleWithWebIdentityResponse>)";

TEST(StsResponse, ParsesTheCredentialsAndExpiration) {
  const TemporaryCredentials t = parse_assume_role_response(kResponse);
  EXPECT_EQ(t.credentials.access_key_id, "ASgeIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(t.credentials.secret_access_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
  EXPECT_EQ(t.credentials.session_token, "AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE");
  EXPECT_EQ(std::chrono::system_clock::to_time_t(t.expiration), 1414191623);
}

TEST(StsResponse, AnErrorResponseNamesStsCode) {
  try {
    parse_assume_role_response(
        "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredTokenException</Code>"
        "<Message>Token expired: current date/time &gt; exp</Message></Error></ErrorResponse>");
    FAIL() << "no exception";
  } catch (const CredentialsError& e) {
    EXPECT_STREQ(e.what(),
                 "STS AssumeRoleWithWebIdentity failed: ExpiredTokenException: Token expired: "
                 "current date/time > exp");
  }
  EXPECT_THROW(parse_assume_role_response("<html>proxy error</html>"), CredentialsError);
  EXPECT_THROW(parse_assume_role_response("<Credentials><AccessKeyId>A</AccessKeyId></Credentials>"), CredentialsError);
}

TEST(Iso8601, AcceptsUtcWithOrWithoutFractions) {
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*parse_iso8601("2014-10-24T23:00:23Z")), 1414191623);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*parse_iso8601("2014-10-24T23:00:23.123Z")), 1414191623);
  EXPECT_FALSE(parse_iso8601("2014-10-24 23:00:23"));
  EXPECT_FALSE(parse_iso8601("2014-10-24T23:00:23+02:00"));
}

TEST(Xml, FindsElementsExactlyAndDecodesEntities) {
  EXPECT_EQ(xml_text("<a><CodeName>x</CodeName><Code>y &amp; &#x41;&#66;</Code></a>", "Code"), "y & AB");
  EXPECT_EQ(xml_text("<a><Code attr=\"1\">z</Code></a>", "Code"), "z");
  EXPECT_EQ(xml_text("<a><Code/></a>", "Code"), "");
  EXPECT_FALSE(xml_text("<a><Code>unterminated</a>", "Code"));
}

std::function<std::optional<std::string>(const std::string&)> env(const std::map<std::string, std::string>& values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    const auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(CredentialsFromEnvironment, KeysComeFirstThenWebIdentity) {
  const auto keys = credentials_from_environment("eu-west-1", env({{"AWS_ACCESS_KEY_ID", "AKID"},
                                                                   {"AWS_SECRET_ACCESS_KEY", "S"},
                                                                   {"AWS_SESSION_TOKEN", "T"},
                                                                   {"AWS_ROLE_ARN", "arn"},
                                                                   {"AWS_WEB_IDENTITY_TOKEN_FILE", "/f"}}));
  EXPECT_EQ(keys->get().access_key_id, "AKID");
  EXPECT_EQ(keys->get().session_token, "T");

  const auto irsa = credentials_from_environment(
      "eu-west-1", env({{"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}, {"AWS_WEB_IDENTITY_TOKEN_FILE", "/f"}}));
  const auto* web = dynamic_cast<WebIdentityCredentialsProvider*>(irsa.get());
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->options().region, "eu-west-1");
  EXPECT_EQ(web->options().sts_endpoint, "") << "the regional endpoint";
  EXPECT_EQ(web->options().session_name.rfind("agora-", 0), 0u);
}

TEST(CredentialsFromEnvironment, NoneOrHalfAKeyPairIsAnError) {
  EXPECT_THROW(credentials_from_environment("us-east-1", env({})), CredentialsError);
  EXPECT_THROW(credentials_from_environment("us-east-1", env({{"AWS_ACCESS_KEY_ID", "AKID"}})), CredentialsError);
}

TEST(WebIdentity, AMissingTokenFileIsACredentialsError) {
  WebIdentityCredentialsProvider p({"arn", "/nonexistent/token", "s", "us-east-1", "http://127.0.0.1:9/"});
  EXPECT_THROW(p.get(), CredentialsError);
}

TEST(Endpoint, SplitsSchemeHostAndPath) {
  const Endpoint e = parse_endpoint("http://127.0.0.1:4568/base/?x=1");
  EXPECT_EQ(e.scheme, "http");
  EXPECT_EQ(e.host, "127.0.0.1:4568");
  EXPECT_EQ(e.path, "/base");
  EXPECT_EQ(parse_endpoint("https://sqs.us-east-1.amazonaws.com/123/q").origin(),
            "https://sqs.us-east-1.amazonaws.com");
  EXPECT_THROW(parse_endpoint("ftp://x"), std::invalid_argument);
  EXPECT_THROW(parse_endpoint("http://user@host/"), std::invalid_argument);
}

}  // namespace
}  // namespace agora::aws
