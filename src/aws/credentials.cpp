#include "aws/credentials.hpp"

#include <charconv>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "aws/http.hpp"
#include "aws/xml.hpp"
#include "core/crypto.hpp"

namespace agora::aws {
namespace {

std::string read_token(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CredentialsError("cannot read the web identity token file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  std::string token = text.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) throw CredentialsError("the web identity token file " + path + " is empty");
  return token;
}

std::string form(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += uri_encode(name, false) + "=" + uri_encode(value, false);
  }
  return out;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS then optional .fraction, then Z.
  std::tm tm{};
  const auto number = [&](std::size_t at, std::size_t width, int& out) {
    if (text.size() < at + width) return false;
    const char* first = text.data() + at;
    const auto [end, ec] = std::from_chars(first, first + width, out);
    return ec == std::errc() && end == first + width;
  };
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  if (!number(0, 4, tm.tm_year) || !number(5, 2, tm.tm_mon) || !number(8, 2, tm.tm_mday) ||
      !number(11, 2, tm.tm_hour) || !number(14, 2, tm.tm_min) || !number(17, 2, tm.tm_sec))
    return std::nullopt;
  std::string_view rest = text.substr(19);
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') rest.remove_prefix(1);
  }
  if (rest != "Z") return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

TemporaryCredentials parse_assume_role_response(std::string_view xml) {
  if (const auto error = xml_element(xml, "Error")) {
    throw CredentialsError("STS AssumeRoleWithWebIdentity failed: " + xml_text(*error, "Code").value_or("?") + ": " +
                           xml_text(*error, "Message").value_or(""));
  }
  const auto block = xml_element(xml, "Credentials");
  if (!block) throw CredentialsError("STS answered without credentials");
  TemporaryCredentials out;
  out.credentials.access_key_id = xml_text(*block, "AccessKeyId").value_or("");
  out.credentials.secret_access_key = xml_text(*block, "SecretAccessKey").value_or("");
  out.credentials.session_token = xml_text(*block, "SessionToken").value_or("");
  const auto expiration = parse_iso8601(xml_text(*block, "Expiration").value_or(""));
  if (out.credentials.access_key_id.empty() || out.credentials.secret_access_key.empty() ||
      out.credentials.session_token.empty() || !expiration)
    throw CredentialsError("STS answered with incomplete credentials");
  out.expiration = *expiration;
  return out;
}

WebIdentityCredentialsProvider::WebIdentityCredentialsProvider(WebIdentityOptions options, Clock now)
    : options_(std::move(options)), now_(std::move(now)) {}

TemporaryCredentials WebIdentityCredentialsProvider::assume_role() const {
  const std::string token = read_token(options_.token_file);
  HttpRequest request;
  request.method = "POST";
  request.url =
      options_.sts_endpoint.empty() ? "https://sts." + options_.region + ".amazonaws.com/" : options_.sts_endpoint;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body = form({{"Action", "AssumeRoleWithWebIdentity"},
                       {"DurationSeconds", std::to_string(options_.duration.count())},
                       {"RoleArn", options_.role_arn},
                       {"RoleSessionName", options_.session_name},
                       {"Version", "2011-06-15"},
                       {"WebIdentityToken", token}});
  request.timeout = options_.timeout;
  HttpResponse response;
  try {
    response = perform(request);
  } catch (const HttpError& e) {
    throw CredentialsError(std::string("STS is unreachable: ") + e.what());
  }
  if (response.status != 200 && !xml_element(response.body, "Error")) {
    throw CredentialsError("STS AssumeRoleWithWebIdentity answered HTTP " + std::to_string(response.status));
  }
  return parse_assume_role_response(response.body);
}

Credentials WebIdentityCredentialsProvider::get() {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  if (cached_ && now + options_.refresh_before < cached_->expiration) return cached_->credentials;
  try {
    cached_ = assume_role();
  } catch (const CredentialsError&) {
    // STS down during the early renewal: what we hold still works until it expires.
    if (cached_ && now < cached_->expiration) return cached_->credentials;
    throw;
  }
  return cached_->credentials;
}

std::shared_ptr<CredentialsProvider> credentials_from_environment(
    const std::string& region, const std::function<std::optional<std::string>(const std::string&)>& getenv) {
  const auto value = [&](const char* name) { return getenv(name).value_or(""); };
  if (!value("AWS_ACCESS_KEY_ID").empty() || !value("AWS_SECRET_ACCESS_KEY").empty()) {
    if (value("AWS_ACCESS_KEY_ID").empty() || value("AWS_SECRET_ACCESS_KEY").empty())
      throw CredentialsError("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
    return std::make_shared<StaticCredentialsProvider>(
        Credentials{value("AWS_ACCESS_KEY_ID"), value("AWS_SECRET_ACCESS_KEY"), value("AWS_SESSION_TOKEN")});
  }
  if (!value("AWS_ROLE_ARN").empty() && !value("AWS_WEB_IDENTITY_TOKEN_FILE").empty()) {
    WebIdentityOptions options;
    options.role_arn = value("AWS_ROLE_ARN");
    options.token_file = value("AWS_WEB_IDENTITY_TOKEN_FILE");
    options.session_name = value("AWS_ROLE_SESSION_NAME");
    // A name per process, so CloudTrail tells replicas apart.
    if (options.session_name.empty()) options.session_name = "agora-" + crypto::random_hex(8);
    options.region = region;
    options.sts_endpoint = value("AWS_ENDPOINT_URL_STS");
    return std::make_shared<WebIdentityCredentialsProvider>(std::move(options));
  }
  throw CredentialsError(
      "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_ROLE_ARN and "
      "AWS_WEB_IDENTITY_TOKEN_FILE (IRSA)");
}

std::shared_ptr<CredentialsProvider> credentials_from_process_environment(const std::string& region) {
  return credentials_from_environment(region, [](const std::string& name) -> std::optional<std::string> {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in agora sets the environment, so reads cannot race
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  });
}

}  // namespace agora::aws
