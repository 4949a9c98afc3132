// POST /api/v1/email/ses-events with messages signed the way SNS signs
// them, by a key and certificate made here (the test's own "AWS").
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <sodium.h>

#include <atomic>
#include <boost/json.hpp>
#include <mutex>

#include "email/routes.hpp"
#include "email/sns.hpp"
#include "support/api.hpp"

namespace agora::test {
namespace {
namespace json = boost::json;

constexpr const char* kTopic = "arn:aws:sns:us-east-1:123456789012:agora-ses";
constexpr const char* kCertUrl = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem";

// An RSA key and a self-signed certificate for it.
struct Signer {
  EVP_PKEY* key = nullptr;
  std::string cert_pem;

  explicit Signer(const char* common_name) {
    key = EVP_RSA_gen(2048);
    X509* cert = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600L * 24);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1,
                               0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    cert_pem.assign(data, std::size_t(n));
    BIO_free(bio);
    X509_free(cert);
  }
  ~Signer() { EVP_PKEY_free(key); }
  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;

  std::string sign(const std::string& text, const EVP_MD* md) const {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t len = 0;
    EVP_DigestSignInit(ctx, nullptr, md, nullptr, key);
    EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    std::string sig(len, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(text.data()), text.size());
    EVP_MD_CTX_free(ctx);
    sig.resize(len);
    std::string b64(sodium_base64_ENCODED_LEN(sig.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    b64.pop_back();
    return b64;
  }
};

const Signer& aws() {
  static const Signer s("sns.amazonaws.com");
  return s;
}
const Signer& stranger() {
  static const Signer s("sns.amazonaws.com");
  return s;
}

json::object bounce(const std::string& type, const std::string& address) {
  return {{"notificationType", "Bounce"},
          {"bounce",
           {{"bounceType", type}, {"bounceSubType", "General"}, {"bouncedRecipients", {{{"emailAddress", address}}}}}}};
}

class SesEvents : public ApiTest {
 protected:
  // What the fake network serves, and what was asked of it.
  std::mutex mutex;
  std::map<std::string, std::string> served;
  std::vector<std::string> fetched;

  void configure(Config& c) override { c.ses_events_topic_arn = kTopic; }
  void add_routes(http::Router& router, accounts::Service& accounts, const Config& config) override {
    served[kCertUrl] = aws().cert_pem;
    served["https://sns.us-east-1.amazonaws.com/stranger.pem"] = stranger().cert_pem;
    auto fetch = [this](const std::string& url) {
      std::lock_guard lock(mutex);
      fetched.push_back(url);
      auto it = served.find(url);
      if (it == served.end()) throw std::runtime_error("404 " + url);
      return it->second;
    };
    // Only the test's own certificate is trusted, as AWS's CAs are in production.
    sns_ = std::make_shared<email::SnsVerifier>(pool_, fetch, email::aws_sns_host, aws().cert_pem);
    email::add_routes(router, accounts, config, sns_);
  }

  std::vector<std::string> fetches() {
    std::lock_guard lock(mutex);
    return fetched;
  }

  // A signed SNS message of `type`; `edit` runs after signing (tampering).
  json::object message(const std::string& type, const std::string& body, const std::string& version = "1",
                       const std::string& cert_url = kCertUrl, const Signer& signer = aws()) {
    email::SnsMessage m;
    m.type = type;
    m.message_id = "0f1e2d3c-" + std::to_string(++counter_);
    m.topic_arn = kTopic;
    m.message = body;
    m.timestamp = "2026-01-01T00:00:00.000Z";
    m.signature_version = version;
    m.signing_cert_url = cert_url;
    json::object o{
        {"Type", m.type},           {"MessageId", m.message_id},   {"TopicArn", m.topic_arn},   {"Message", m.message},
        {"Timestamp", m.timestamp}, {"SignatureVersion", version}, {"SigningCertURL", cert_url}};
    if (type == "Notification") {
      o["UnsubscribeURL"] = "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe";
    } else {
      m.token = "token-" + std::to_string(counter_);
      m.subscribe_url = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=" + m.token;
      o["Token"] = m.token;
      o["SubscribeURL"] = m.subscribe_url;
    }
    o["Signature"] = signer.sign(email::sns_string_to_sign(m), version == "2" ? EVP_sha256() : EVP_sha1());
    return o;
  }
  HttpResponse post(const json::object& o) {
    return http().post("/api/v1/email/ses-events", json::serialize(o), "text/plain; charset=UTF-8",
                       {{"x-amz-sns-message-type", std::string(o.at("Type").as_string())}});
  }
  std::string suppressions() {
    std::string out;
    for (const auto& row : db().query("SELECT email || ':' || reason FROM email_suppressions ORDER BY email"))
      out += (out.empty() ? "" : " ") + row[0].value_or("");
    return out;
  }

 private:
  BlockingPool pool_{1};
  std::shared_ptr<email::SnsVerifier> sns_;
  int counter_ = 0;
};

TEST_F(SesEvents, PermanentBounceSignedV1IsSuppressed) {
  auto r = post(message("Notification", json::serialize(bounce("Permanent", "Gone@Example.com"))));
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(r.object().at("suppressed"), 1);
  EXPECT_EQ(suppressions(), "gone@example.com:bounce");
}

TEST_F(SesEvents, ComplaintSignedV2IsSuppressedAndTheCertificateIsCached) {
  const json::object complaint{
      {"notificationType", "Complaint"},
      {"complaint",
       {{"complaintFeedbackType", "abuse"}, {"complainedRecipients", {{{"emailAddress", "c@example.com"}}}}}}};
  ASSERT_EQ(post(message("Notification", json::serialize(complaint), "2")).status, 200);
  auto again = post(message("Notification", json::serialize(bounce("Permanent", "d@example.com")), "2"));
  ASSERT_EQ(again.status, 200) << describe(again);
  EXPECT_EQ(suppressions(), "c@example.com:complaint d@example.com:bounce");
  EXPECT_EQ(fetches(), std::vector<std::string>{kCertUrl});
}

TEST_F(SesEvents, TransientBouncesAndDeliveriesSuppressNothing) {
  auto r = post(message("Notification", json::serialize(bounce("Transient", "t@example.com"))));
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(r.object().at("result"), "ignored");
  EXPECT_EQ(post(message("Notification", R"({"notificationType":"Delivery","delivery":{}})")).status, 200);
  EXPECT_EQ(suppressions(), "");
}

TEST_F(SesEvents, TamperedMessagesAre403) {
  auto m = message("Notification", json::serialize(bounce("Permanent", "a@example.com")));
  m["Message"] = json::serialize(bounce("Permanent", "victim@example.com"));
  EXPECT_TRUE(IsProblem(post(m), 403));
  auto v = message("Notification", json::serialize(bounce("Permanent", "a@example.com")), "1");
  v["SignatureVersion"] = "2";  // a SHA1 signature checked as SHA256
  EXPECT_TRUE(IsProblem(post(v), 403));
  auto u = message("Notification", json::serialize(bounce("Permanent", "a@example.com")), "3");
  EXPECT_TRUE(IsProblem(post(u), 403));
  EXPECT_EQ(suppressions(), "");
}

TEST_F(SesEvents, ACertificateNotChainingToTrustedCasIs403) {
  auto m = message("Notification", json::serialize(bounce("Permanent", "a@example.com")), "1",
                   "https://sns.us-east-1.amazonaws.com/stranger.pem", stranger());
  EXPECT_TRUE(IsProblem(post(m), 403));
  EXPECT_EQ(suppressions(), "");
}

TEST_F(SesEvents, OtherTopicsAndCertificateHostsAreRefusedBeforeAnyFetch) {
  auto other = message("Notification", json::serialize(bounce("Permanent", "a@example.com")));
  other["TopicArn"] = "arn:aws:sns:us-east-1:999999999999:other";
  EXPECT_TRUE(IsProblem(post(other), 403));
  for (const char* url : {"https://evil.example.com/cert.pem", "http://sns.us-east-1.amazonaws.com/cert.pem",
                          "https://sns.us-east-1.amazonaws.com.example.com/cert.pem",
                          "https://user@sns.us-east-1.amazonaws.com/cert.pem"}) {
    EXPECT_TRUE(
        IsProblem(post(message("Notification", json::serialize(bounce("Permanent", "a@example.com")), "1", url)), 403))
        << url;
  }
  EXPECT_TRUE(fetches().empty());
  EXPECT_EQ(suppressions(), "");
}

TEST_F(SesEvents, SubscriptionIsConfirmedAtTheSubscribeUrl) {
  auto m = message("SubscriptionConfirmation", "You have chosen to subscribe");
  const std::string subscribe(m.at("SubscribeURL").as_string());
  served[subscribe] = "<ConfirmSubscriptionResponse/>";
  auto r = post(m);
  ASSERT_EQ(r.status, 200) << describe(r);
  EXPECT_EQ(r.object().at("result"), "subscribed");
  EXPECT_EQ(fetches(), (std::vector<std::string>{kCertUrl, subscribe}));
}

TEST_F(SesEvents, ASubscribeUrlElsewhereIsNotVisited) {
  // Signed by "AWS" but pointing elsewhere: still refused (the signature
  // covers SubscribeURL, so this needs a signer that made a mistake).
  email::SnsMessage m;
  auto o = message("SubscriptionConfirmation", "x");
  o["SubscribeURL"] = "https://evil.example.com/confirm";
  m = email::parse_sns_message(json::serialize(o));
  o["Signature"] = aws().sign(email::sns_string_to_sign(m), EVP_sha1());
  EXPECT_TRUE(IsProblem(post(o), 403));
  EXPECT_EQ(fetches(), std::vector<std::string>{kCertUrl});
}

TEST_F(SesEvents, MalformedIs400) {
  EXPECT_TRUE(IsProblem(http().post("/api/v1/email/ses-events", "not json", "text/plain"), 400));
  EXPECT_TRUE(IsProblem(http().post("/api/v1/email/ses-events", R"({"Type":"Notification"})", "text/plain"), 400));
  // Signed, but the SES message inside is not one.
  EXPECT_TRUE(IsProblem(post(message("Notification", "not json")), 400));
}

class SesEventsOff : public ApiTest {
 protected:
  void add_routes(http::Router& router, accounts::Service& accounts, const Config& config) override {
    email::add_routes(router, accounts, config);
  }
};

TEST_F(SesEventsOff, WithoutATopicTheEndpointIs404) {
  EXPECT_TRUE(IsProblem(http().post("/api/v1/email/ses-events", "{}", "text/plain"), 404));
}

}  // namespace
}  // namespace agora::test
