// Every expected value here is published by AWS: the Signature Version 4 test
// suite (credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1, service
// "service"; the same vectors ship as the AWS SDK for JavaScript's signer
// fixture), the signing-key example of the SigV4 documentation, and the
// examples of the Amazon S3 API Reference ("Signature Calculations for the
// Authorization Header: Transferring Payload in a Single Chunk" and
// "Authenticating Requests: Using Query Parameters"). Nothing is computed by
// this code and pasted back.
#include "aws/sigv4.hpp"

#include <gtest/gtest.h>

namespace agora::aws {
namespace {

// Functions, not namespace-scope objects whose construction could throw before main.
Credentials suite_credentials() { return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""}; }
Scope suite_scope() { return {"us-east-1", "service"}; }
constexpr std::string_view kSuiteDate = "20150830T123600Z";
std::string empty_sha() { return "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; }

SignedRequest suite_request(std::string method, std::string path = "/", Fields query = {}, Fields headers = {}) {
  SignedRequest r;
  r.method = std::move(method);
  r.host = "example.amazonaws.com";
  r.path = std::move(path);
  r.query = std::move(query);
  r.headers = std::move(headers);
  r.headers.emplace_back("X-Amz-Date", std::string(kSuiteDate));
  r.payload_sha256 = empty_sha();
  return r;
}

std::string suite_authorization(const SignedRequest& r) {
  return authorization(r, suite_credentials(), suite_scope(), kSuiteDate);
}

std::string expected(std::string_view signed_headers, std::string_view signature) {
  return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=" +
         std::string(signed_headers) + ", Signature=" + std::string(signature);
}

TEST(SigV4Suite, GetVanilla) {
  const SignedRequest r = suite_request("GET");
  EXPECT_EQ(canonical_request(r, "service"),
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" + empty_sha());
  EXPECT_EQ(string_to_sign(kSuiteDate, suite_scope(), canonical_request(r, "service")),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(suite_authorization(r),
            expected("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
}

TEST(SigV4Suite, GetVanillaQueryOrderKeyCase) {
  const SignedRequest r = suite_request("GET", "/", {{"Param2", "value2"}, {"Param1", "value1"}});
  EXPECT_EQ(canonical_query(r.query), "Param1=value1&Param2=value2");
  EXPECT_EQ(string_to_sign(kSuiteDate, suite_scope(), canonical_request(r, "service")),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0");
  EXPECT_EQ(suite_authorization(r),
            expected("host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
}

TEST(SigV4Suite, GetVanillaQueryUnreserved) {
  const std::string unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const SignedRequest r = suite_request("GET", "/", {{unreserved, unreserved}});
  EXPECT_EQ(suite_authorization(r),
            expected("host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"));
}

TEST(SigV4Suite, GetVanillaUtf8Query) {
  const SignedRequest r = suite_request("GET", "/", {{"\xE1\x88\xB4", "bar"}});
  EXPECT_EQ(suite_authorization(r),
            expected("host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"));
}

TEST(SigV4Suite, GetUnreservedAndUtf8Paths) {
  EXPECT_EQ(
      suite_authorization(suite_request("GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")),
      expected("host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"));
  EXPECT_EQ(suite_authorization(suite_request("GET", "/\xE1\x88\xB4")),
            expected("host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"));
}

TEST(SigV4Suite, GetHeaderKeyDuplicateJoinsValuesInOrder) {
  // Three My-Header1 lines: one canonical line, values in the order sent.
  const SignedRequest r =
      suite_request("GET", "/", {}, {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}});
  EXPECT_EQ(suite_authorization(r),
            expected("host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"));
}

TEST(SigV4Suite, GetHeaderValueOrderAndTrim) {
  EXPECT_EQ(suite_authorization(suite_request("GET", "/", {}, {{"My-Header1", "value4,value1,value3,value2"}})),
            expected("host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"));
  EXPECT_EQ(
      suite_authorization(suite_request("GET", "/", {}, {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}})),
      expected("host;my-header1;my-header2;x-amz-date",
               "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"));
}

TEST(SigV4Suite, PostVanillaAndHeaderCases) {
  EXPECT_EQ(suite_authorization(suite_request("POST")),
            expected("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"));
  EXPECT_EQ(suite_authorization(suite_request("POST", "/", {}, {{"MY-HEADER1", "value1"}})),
            expected("host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"));
  EXPECT_EQ(suite_authorization(suite_request("POST", "/", {}, {{"My-Header1", "VALUE1"}})),
            expected("host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"));
}

TEST(SigV4Suite, PostVanillaQuery) {
  const SignedRequest r = suite_request("POST", "/", {{"Param1", "value1"}});
  EXPECT_EQ(string_to_sign(kSuiteDate, suite_scope(), canonical_request(r, "service")),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd");
  EXPECT_EQ(suite_authorization(r),
            expected("host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"));
}

TEST(SigV4Suite, PostVanillaQueryNonunreserved) {
  const SignedRequest r = suite_request("POST", "/", {{"@#$%^", ""}, {"+", "/,?><`\";:\\|][{}"}});
  EXPECT_EQ(suite_authorization(r),
            expected("host;x-amz-date", "66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e"));
}

TEST(SigV4Suite, PostStsHeaderBeforeSignsTheSessionToken) {
  const std::string token =
      "AQoDYXdzEPT//////////"
      "wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx"
      "7mSEI/qkPpKPi/"
      "kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY"
      "9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
  const SignedRequest r = suite_request("POST", "/", {}, {{"X-Amz-Security-Token", token}});
  EXPECT_EQ(suite_authorization(r), expected("host;x-amz-date;x-amz-security-token",
                                             "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"));
}

TEST(SigV4Suite, PostXWwwFormUrlencoded) {
  SignedRequest r = suite_request("POST", "/", {}, {{"Content-Type", "application/x-www-form-urlencoded"}});
  r.payload_sha256 = sha256_hex("Param1=value1");
  EXPECT_EQ(r.payload_sha256, "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  EXPECT_EQ(suite_authorization(r), expected("content-type;host;x-amz-date",
                                             "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"));
}

TEST(SigV4Docs, SigningKeyDerivation) {
  // "Examples of how to derive a signing key": IAM, us-east-1, 2012-02-15.
  EXPECT_EQ(to_hex(signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", {"us-east-1", "iam"})),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

// ------------------------------------------------------------ S3 examples
Credentials s3_docs_credentials() { return {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""}; }
Scope s3_scope() { return {"us-east-1", "s3"}; }
constexpr std::string_view kS3Date = "20130524T000000Z";

SignedRequest s3_request(std::string method, std::string path, Fields query, Fields headers,
                         const std::string& payload_sha) {
  SignedRequest r{std::move(method),  "examplebucket.s3.amazonaws.com",
                  std::move(path),    std::move(query),
                  std::move(headers), payload_sha};
  r.headers.emplace_back("x-amz-content-sha256", payload_sha);
  r.headers.emplace_back("x-amz-date", std::string(kS3Date));
  return r;
}

std::string signature_of(const std::string& authorization_header) {
  return authorization_header.substr(authorization_header.rfind('=') + 1);
}

TEST(SigV4S3Docs, GetObject) {
  const SignedRequest r = s3_request("GET", "/test.txt", {}, {{"Range", "bytes=0-9"}}, empty_sha());
  EXPECT_EQ(
      canonical_request(r, "s3"),
      "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\nx-amz-content-sha256:" + empty_sha() +
          "\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n" + empty_sha());
  EXPECT_EQ(string_to_sign(kS3Date, s3_scope(), canonical_request(r, "s3")),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  const std::string auth = authorization(r, s3_docs_credentials(), s3_scope(), kS3Date);
  EXPECT_EQ(signature_of(auth), "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_NE(auth.find("SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"), std::string::npos);
}

TEST(SigV4S3Docs, PutObjectSignsThePathAsSent) {
  const std::string payload = sha256_hex("Welcome to Amazon S3.");
  EXPECT_EQ(payload, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  EXPECT_EQ("/" + uri_encode("test$file.text", false), "/test%24file.text");
  const SignedRequest r =
      s3_request("PUT", "/test%24file.text", {},
                 {{"Date", "Fri, 24 May 2013 00:00:00 GMT"}, {"x-amz-storage-class", "REDUCED_REDUNDANCY"}}, payload);
  const std::string auth = authorization(r, s3_docs_credentials(), s3_scope(), kS3Date);
  EXPECT_EQ(signature_of(auth), "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  EXPECT_NE(auth.find("SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"),
            std::string::npos);
}

TEST(SigV4S3Docs, GetBucketLifecycleAndListObjects) {
  EXPECT_EQ(signature_of(authorization(s3_request("GET", "/", {{"lifecycle", ""}}, {}, empty_sha()),
                                       s3_docs_credentials(), s3_scope(), kS3Date)),
            "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
  EXPECT_EQ(signature_of(authorization(s3_request("GET", "/", {{"prefix", "J"}, {"max-keys", "2"}}, {}, empty_sha()),
                                       s3_docs_credentials(), s3_scope(), kS3Date)),
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4S3Docs, PresignedGetObject) {
  SignedRequest r{"GET", "examplebucket.s3.amazonaws.com", "/test.txt", {}, {}, ""};
  std::tm tm{};
  tm.tm_year = 2013 - 1900;
  tm.tm_mon = 4;
  tm.tm_mday = 24;
  const auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
  EXPECT_EQ(amz_date(at), kS3Date);
  EXPECT_EQ("https://examplebucket.s3.amazonaws.com/test.txt?" +
                presign(r, s3_docs_credentials(), s3_scope(), at, std::chrono::seconds(86400)),
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

// ------------------------------------------------------------ beyond the vectors
TEST(SigV4, SignAddsDateTokenAndAuthorization) {
  SignedRequest r{"GET", "example.amazonaws.com", "/", {}, {}, empty_sha()};
  sign(r, {"AKID", "secret", "token"}, suite_scope(), std::chrono::system_clock::from_time_t(1440938160));
  ASSERT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"x-amz-date", "20150830T123600Z"}));
  EXPECT_EQ(r.headers[1], (std::pair<std::string, std::string>{"x-amz-security-token", "token"}));
  EXPECT_EQ(r.headers[2].first, "Authorization");
  EXPECT_NE(r.headers[2].second.find("SignedHeaders=host;x-amz-date;x-amz-security-token,"), std::string::npos);
}

TEST(SigV4, PresignBindsHeadersAndCarriesTheSessionToken) {
  SignedRequest r{"PUT", "b.s3.amazonaws.com", "/k", {}, {{"Content-Type", "image/png"}, {"Content-Length", "42"}}, ""};
  const auto at = std::chrono::system_clock::from_time_t(1440938160);
  const std::string with_token = presign(r, {"AKID", "secret", "tok/en"}, s3_scope(), at, std::chrono::seconds(60));
  EXPECT_NE(with_token.find("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost"), std::string::npos);
  EXPECT_NE(with_token.find("X-Amz-Security-Token=tok%2Fen"), std::string::npos);
  EXPECT_NE(with_token.find("X-Amz-Expires=60"), std::string::npos);
  // A different bound value is a different signature.
  r.headers[0].second = "image/jpeg";
  EXPECT_NE(presign(r, {"AKID", "secret", "tok/en"}, s3_scope(), at, std::chrono::seconds(60)), with_token);
}

}  // namespace
}  // namespace agora::aws
