#include "email/sns.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <sodium.h>

#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <regex>

#include "core/errors.hpp"
#include "email/https_fetch.hpp"

namespace agora::email {
namespace json = boost::json;
namespace {

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Deleter {
  void operator()(X509* x) const { X509_free(x); }
};
struct StoreDeleter {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct StoreCtxDeleter {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Key = std::shared_ptr<EVP_PKEY>;

std::string field(const json::object& o, std::string_view name, bool required) {
  const auto* v = o.if_contains(name);
  if (!v || v->is_null()) {
    if (required) throw Problem::bad_request("The SNS message has no " + std::string(name) + ".");
    return {};
  }
  if (!v->is_string()) throw Problem::bad_request("The SNS message's " + std::string(name) + " is not a string.");
  return std::string(v->as_string());
}

// The signer's public key, when `pem` is a certificate that chains to `store`.
Key verified_key(X509_STORE* store, const std::string& pem) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
  if (!bio) return nullptr;
  std::unique_ptr<X509, X509Deleter> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return nullptr;
  std::unique_ptr<X509_STORE_CTX, StoreCtxDeleter> ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store, cert.get(), nullptr) != 1) return nullptr;
  if (X509_verify_cert(ctx.get()) != 1) return nullptr;
  return Key(X509_get_pubkey(cert.get()), KeyDeleter{});
}

std::string base64_decode(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return {};
  out.resize(len);
  return out;
}

bool signature_matches(EVP_PKEY* key, const EVP_MD* md, const std::string& data, const std::string& signature) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

}  // namespace

SnsMessage parse_sns_message(std::string_view body) {
  boost::system::error_code ec;
  auto value = json::parse(body, ec);
  if (ec || !value.is_object()) throw Problem::bad_request("The body is not an SNS message (a JSON object).");
  const auto& o = value.as_object();
  SnsMessage m;
  m.type = field(o, "Type", true);
  const bool notification = m.type == "Notification";
  if (!notification && m.type != "SubscriptionConfirmation" && m.type != "UnsubscribeConfirmation")
    throw Problem::bad_request("Unknown SNS message type.");
  m.message_id = field(o, "MessageId", true);
  m.topic_arn = field(o, "TopicArn", true);
  m.message = field(o, "Message", true);
  m.timestamp = field(o, "Timestamp", true);
  m.signature_version = field(o, "SignatureVersion", true);
  m.signature = field(o, "Signature", true);
  m.signing_cert_url = field(o, "SigningCertURL", true);
  if (notification) {
    if (const auto* s = o.if_contains("Subject"); s && !s->is_null()) m.subject = field(o, "Subject", true);
  } else {
    m.token = field(o, "Token", true);
    m.subscribe_url = field(o, "SubscribeURL", true);
  }
  return m;
}

std::string sns_string_to_sign(const SnsMessage& m) {
  std::string out;
  auto add = [&](std::string_view key, std::string_view value) {
    out.append(key).append("\n").append(value).append("\n");
  };
  add("Message", m.message);
  add("MessageId", m.message_id);
  if (m.type == "Notification") {
    if (m.subject) add("Subject", *m.subject);
  } else {
    add("SubscribeURL", m.subscribe_url);
  }
  add("Timestamp", m.timestamp);
  if (m.type != "Notification") add("Token", m.token);
  add("TopicArn", m.topic_arn);
  add("Type", m.type);
  return out;
}

bool aws_sns_host(std::string_view host) {
  static const std::regex pattern(R"(sns\.[a-z]{2}(-[a-z]+)+-[0-9]{1,2}\.amazonaws\.com(\.cn)?)");
  return std::regex_match(host.begin(), host.end(), pattern);
}

std::optional<std::string> https_host(std::string_view url) {
  constexpr std::string_view scheme = "https://";
  if (url.substr(0, scheme.size()) != scheme) return std::nullopt;
  const auto rest = url.substr(scheme.size());
  const auto end = rest.find_first_of("/?#");
  const auto host = rest.substr(0, end);
  if (host.empty() || host.size() > 253) return std::nullopt;
  for (char c : host)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return std::nullopt;
  // Controls and spaces anywhere in the URL: not one of AWS's.
  for (unsigned char c : url)
    if (c <= 0x20 || c >= 0x7f) return std::nullopt;
  return std::string(host);
}

struct SnsVerifier::Impl {
  BlockingPool& pool;
  Fetch fetch;
  HostAllowed allowed;
  std::unique_ptr<X509_STORE, StoreDeleter> store{X509_STORE_new()};
  std::mutex mutex;
  std::map<std::string, Key> keys;  // by SigningCertURL

  Impl(BlockingPool& p, Fetch f, HostAllowed a) : pool(p), fetch(std::move(f)), allowed(std::move(a)) {
    if (!store) throw std::runtime_error("OpenSSL could not make a certificate store");
  }

  Key cached(const std::string& url) {
    std::lock_guard lock(mutex);
    auto it = keys.find(url);
    return it == keys.end() ? nullptr : it->second;
  }
  void remember(const std::string& url, Key key) {
    std::lock_guard lock(mutex);
    // AWS rotates rarely and the URLs are allow-listed; the cap only keeps
    // a long-running process from growing without bound.
    if (keys.size() >= 64) keys.clear();
    keys[url] = std::move(key);
  }
};

SnsVerifier::SnsVerifier(BlockingPool& pool)
    : impl_(std::make_unique<Impl>(
          pool, [](const std::string& url) { return https_get(url); }, aws_sns_host)) {
  if (X509_STORE_set_default_paths(impl_->store.get()) != 1)
    throw std::runtime_error("OpenSSL could not load the system's CA certificates");
}

SnsVerifier::SnsVerifier(BlockingPool& pool, Fetch fetch, HostAllowed allowed, std::string trusted_pem)
    : impl_(std::make_unique<Impl>(pool, std::move(fetch), std::move(allowed))) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(trusted_pem.data(), int(trusted_pem.size())));
  int added = 0;
  while (bio) {
    std::unique_ptr<X509, X509Deleter> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) break;
    if (X509_STORE_add_cert(impl_->store.get(), cert.get()) == 1) ++added;
  }
  if (added == 0) throw std::invalid_argument("no trusted certificate in the PEM text");
}

SnsVerifier::~SnsVerifier() = default;

bool SnsVerifier::url_allowed(std::string_view url) const {
  auto host = https_host(url);
  return host && impl_->allowed(*host);
}

Task<bool> SnsVerifier::verify(const SnsMessage& m) {
  const EVP_MD* md = m.signature_version == "1" ? EVP_sha1() : m.signature_version == "2" ? EVP_sha256() : nullptr;
  if (!md || !url_allowed(m.signing_cert_url)) co_return false;
  const auto signature = base64_decode(m.signature);
  if (signature.empty()) co_return false;
  Key key = impl_->cached(m.signing_cert_url);
  if (!key) {
    std::string pem;
    bool fetched = false;
    co_await impl_->pool.run([&] {
      try {
        pem = impl_->fetch(m.signing_cert_url);
        fetched = true;
      } catch (const std::exception&) {
        fetched = false;
      }
    });
    if (!fetched) throw Unavailable("the SNS signing certificate could not be fetched", 5);
    key = verified_key(impl_->store.get(), pem);
    if (!key) co_return false;
    impl_->remember(m.signing_cert_url, key);
  }
  co_return signature_matches(key.get(), md, sns_string_to_sign(m), signature);
}

Task<void> SnsVerifier::confirm_subscription(const SnsMessage& m) {
  if (!url_allowed(m.subscribe_url)) throw Problem::forbidden("The SubscribeURL is not an SNS address.");
  bool ok = false;
  co_await impl_->pool.run([&] {
    try {
      (void)impl_->fetch(m.subscribe_url);
      ok = true;
    } catch (const std::exception&) {
      ok = false;
    }
  });
  if (!ok) throw Unavailable("the SNS subscription could not be confirmed", 5);
}

}  // namespace agora::email
