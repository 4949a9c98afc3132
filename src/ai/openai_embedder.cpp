#include "ai/openai_embedder.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

#include "aws/http.hpp"
#include "core/json_text.hpp"
#include "core/log.hpp"

namespace agora::ai {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

constexpr int kMaxBatch = 2048;  // OpenAI's limit of inputs per request
constexpr milliseconds kMaxRetryAfter{30'000};
constexpr milliseconds kMaxBackoff{20'000};
constexpr std::size_t kMaxServerMessage = 500;

// `text` with every occurrence of `key` replaced.
std::string redact(std::string text, const std::string& key) {
  if (key.empty()) return text;
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at))
    text.replace(at, key.size(), "[api key]");
  return text;
}

bool retryable_status(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// What the server said, for an exception: error.message (OpenAI, vLLM, TEI),
// error as a string (Ollama), message, or else the start of the body; one
// line, at most kMaxServerMessage bytes (cut between characters), with the
// API key removed before it is cut (so no piece of it survives the cut).
std::string server_message(const std::string& body, const std::string& key) {
  std::string text;
  json::error_code ec;
  const json::value v = json::parse(body, ec);
  if (!ec && v.is_object()) {
    const auto& o = v.get_object();
    if (const auto* e = o.if_contains("error")) {
      if (e->is_string()) {
        text = e->get_string();
      } else if (e->is_object()) {
        if (const auto* m = e->get_object().if_contains("message"); m && m->is_string()) text = m->get_string();
      }
    }
    if (text.empty())
      if (const auto* m = o.if_contains("message"); m && m->is_string()) text = m->get_string();
  }
  if (text.empty()) text = body;
  text = redact(std::move(text), key);
  if (text.size() > kMaxServerMessage) {
    std::size_t cut = kMaxServerMessage;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    text = text.substr(0, cut) + "…";
  }
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return text;
}

// Retry-After as a delay: "retry-after-ms" (what OpenAI sends besides
// Retry-After) or "retry-after" in seconds, possibly fractional. The HTTP-date
// form is not used by these APIs and is ignored (the backoff applies then).
std::optional<milliseconds> retry_after(const aws::HttpResponse& response) {
  auto parse = [](const std::optional<std::string>& text, double unit_ms) -> std::optional<milliseconds> {
    if (!text || text->empty()) return std::nullopt;
    double value = 0;
    const char* end = text->data() + text->size();
    const auto [stop, ec] = std::from_chars(text->data(), end, value);
    if (ec != std::errc() || stop != end || !std::isfinite(value) || value < 0) return std::nullopt;
    const double ms = std::min(value * unit_ms, double(kMaxRetryAfter.count()));
    return milliseconds(std::int64_t(std::ceil(ms)));
  };
  if (auto ms = parse(response.header("retry-after-ms"), 1.0)) return ms;
  return parse(response.header("retry-after"), 1000.0);
}

// Full jitter: uniform in [0, min(cap, base × 2^(attempt-1))].
milliseconds backoff(milliseconds base, int attempt) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  double ceiling = double(base.count()) * std::ldexp(1.0, std::min(attempt - 1, 30));
  ceiling = std::min(ceiling, double(kMaxBackoff.count()));
  std::uniform_real_distribution<double> pick(0.0, ceiling);
  return milliseconds(std::int64_t(pick(engine)));
}

std::string request_body(const OpenAiOptions& options, const std::vector<std::string>& texts, std::size_t begin,
                         std::size_t end) {
  std::string body = "{\"model\":";
  json_text::append_string(body, options.model);  // invalid UTF-8 becomes U+FFFD: the body is always JSON
  body += ",\"input\":[";
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin) body += ',';
    // OpenAI rejects an empty string (400 for the whole batch).
    json_text::append_string(body, texts[i].empty() ? std::string_view(" ") : std::string_view(texts[i]));
  }
  body += "],\"encoding_format\":\"float\"";
  if (options.send_dimensions) body += ",\"dimensions\":" + std::to_string(options.dimensions);
  body += '}';
  return body;
}

// The vectors of a 2xx answer, in input order; throws std::runtime_error
// saying what is wrong with the answer.
std::vector<std::vector<float>> parse_vectors(const std::string& body, std::size_t count, int dimensions) {
  json::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec) throw std::runtime_error("the answer is not JSON (" + ec.message() + ")");
  const auto* data = v.is_object() ? v.get_object().if_contains("data") : nullptr;
  if (!data || !data->is_array()) throw std::runtime_error("the answer has no \"data\" array");
  const auto& items = data->get_array();
  if (items.size() != count)
    throw std::runtime_error("the answer has " + std::to_string(items.size()) + " embeddings for " +
                             std::to_string(count) + " inputs");
  std::vector<std::vector<float>> out(count);
  std::vector<bool> seen(count, false);
  for (std::size_t k = 0; k < items.size(); ++k) {
    const auto* item = items[k].if_object();
    const json::value* index = item ? item->if_contains("index") : nullptr;
    std::int64_t i = -1;
    if (index && index->is_int64()) i = index->get_int64();
    if (index && index->is_uint64() && index->get_uint64() < count) i = std::int64_t(index->get_uint64());
    if (i < 0 || std::size_t(i) >= count)
      throw std::runtime_error("data[" + std::to_string(k) + "] has no index in [0, " + std::to_string(count) + ")");
    if (seen[std::size_t(i)]) throw std::runtime_error("index " + std::to_string(i) + " appears twice in the answer");
    seen[std::size_t(i)] = true;
    const json::value* embedding = item->if_contains("embedding");
    if (embedding && embedding->is_string())
      throw std::runtime_error("index " + std::to_string(i) + " is a base64 string, not the floats asked for");
    if (!embedding || !embedding->is_array())
      throw std::runtime_error("index " + std::to_string(i) + " has no \"embedding\" array");
    const auto& numbers = embedding->get_array();
    if (numbers.size() != std::size_t(dimensions))
      throw std::runtime_error("the model answered " + std::to_string(numbers.size()) +
                               "-dimensional vectors, but the embedder is configured for " +
                               std::to_string(dimensions) + " dimensions");
    auto& vec = out[std::size_t(i)];
    vec.reserve(numbers.size());
    double norm2 = 0;
    for (std::size_t j = 0; j < numbers.size(); ++j) {
      const float x =
          numbers[j].is_number() ? float(numbers[j].to_number<double>()) : std::numeric_limits<float>::quiet_NaN();
      if (!std::isfinite(x))
        throw std::runtime_error("index " + std::to_string(i) + " component " + std::to_string(j) +
                                 " is not a finite number");
      norm2 += double(x) * double(x);
      vec.push_back(x);
    }
    const double norm = std::sqrt(norm2);
    if (!(norm > 0) || !std::isfinite(norm))
      throw std::runtime_error("index " + std::to_string(i) + " is a zero vector (it has no direction)");
    for (float& x : vec) x = float(double(x) / norm);
  }
  return out;
}

std::string strip_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

std::string openai_model_id(std::string_view model, int dimensions) {
  if (dimensions < 1) throw std::invalid_argument("openai_model_id: dimensions must be positive");
  std::string lowered(model);
  for (char& c : lowered) c = char(std::tolower(static_cast<unsigned char>(c)));
  std::string name = lowered;
  for (char& c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) c = '-';
  }
  constexpr std::size_t kMax = 63;
  const std::string prefix = "oai-";
  const std::string dims = "-" + std::to_string(dimensions);
  if (prefix.size() + name.size() + dims.size() <= kMax) return prefix + name + dims;
  // FNV-1a (32 bits) of the lower-cased name: stable across builds and hosts.
  std::uint32_t h = 2166136261u;
  for (const char c : lowered) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  std::string hex(8, '0');
  for (int i = 7; i >= 0; --i, h >>= 4) hex[std::size_t(i)] = "0123456789abcdef"[h & 0xf];
  const std::string suffix = "-" + hex + dims;
  return prefix + name.substr(0, kMax - prefix.size() - suffix.size()) + suffix;
}

OpenAiEmbedder::OpenAiEmbedder(OpenAiOptions options) : options_(std::move(options)) {
  const auto invalid = [](const std::string& what) { throw std::invalid_argument("OpenAiEmbedder: " + what); };
  if (options_.base_url.empty()) invalid("base_url is empty");
  if (options_.model.empty()) invalid("model is empty");
  if (options_.dimensions < 1) invalid("dimensions must be at least 1");
  if (options_.batch_size < 1 || options_.batch_size > kMaxBatch)
    invalid("batch_size must be in [1, " + std::to_string(kMaxBatch) + "]");
  if (options_.max_attempts < 1) invalid("max_attempts must be at least 1");
  if (options_.timeout.count() < 1) invalid("timeout must be positive");
  if (options_.retry_base.count() < 0) invalid("retry_base must not be negative");
  if (options_.chunk_words < 1) invalid("chunk_words must be at least 1");
  url_ = strip_trailing_slashes(options_.base_url) + "/embeddings";
  model_id_ = openai_model_id(options_.model, options_.dimensions);
}

std::string OpenAiEmbedder::redact(std::string text) const { return ai::redact(std::move(text), options_.api_key); }

std::vector<std::vector<float>> OpenAiEmbedder::embed(const std::vector<std::string>& texts) {
  std::vector<std::vector<float>> out;
  out.reserve(texts.size());
  const auto batch = std::size_t(options_.batch_size);
  for (std::size_t begin = 0; begin < texts.size(); begin += batch) {
    auto vectors = embed_batch(texts, begin, std::min(texts.size(), begin + batch));
    for (auto& v : vectors) out.push_back(std::move(v));
  }
  return out;
}

std::vector<std::vector<float>> OpenAiEmbedder::embed_batch(const std::vector<std::string>& texts, std::size_t begin,
                                                            std::size_t end) const {
  aws::HttpRequest request;
  request.method = "POST";
  request.url = url_;
  request.timeout = options_.timeout;
  request.connect_timeout = std::min(request.connect_timeout, options_.timeout);
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  if (!options_.api_key.empty()) request.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
  request.body = request_body(options_, texts, begin, end);

  const std::string context = "embeddings of " + std::to_string(end - begin) + " texts with " + options_.model +
                              " from POST " + aws::without_query(url_);
  for (int attempt = 1;; ++attempt) {
    std::string failure;
    bool retry = true;
    long status = 0;
    std::optional<milliseconds> server_delay;
    try {
      const aws::HttpResponse response = aws::perform(request);
      status = response.status;
      if (status >= 200 && status < 300) {
        try {
          return parse_vectors(response.body, end - begin, options_.dimensions);
        } catch (const std::runtime_error& e) {
          // A malformed answer is the server's or the configuration's fault
          // (wrong dimensions, wrong model): asking again gets the same.
          throw std::runtime_error(redact(context + ": " + e.what()));
        }
      }
      failure = "HTTP " + std::to_string(status) + ": " + server_message(response.body, options_.api_key);
      retry = retryable_status(status);
      server_delay = retry_after(response);
    } catch (const aws::HttpError& e) {
      failure = e.what();  // refused, reset, timed out: worth another try
    }
    if (!retry || attempt >= options_.max_attempts) {
      throw std::runtime_error(redact(context + " failed: " + failure + " (" + std::to_string(attempt) +
                                      (attempt == 1 ? " attempt" : " attempts") + ")"));
    }
    const milliseconds delay = server_delay ? *server_delay : backoff(options_.retry_base, attempt);
    log::warn("embeddings request failed, retrying", {{"url", aws::without_query(url_)},
                                                      {"model", options_.model},
                                                      {"status", std::int64_t(status)},
                                                      {"attempt", attempt},
                                                      {"max_attempts", options_.max_attempts},
                                                      {"delay_ms", std::int64_t(delay.count())},
                                                      {"error", redact(failure)}});
    std::this_thread::sleep_for(delay);
  }
}

}  // namespace agora::ai
