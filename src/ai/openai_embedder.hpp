#pragma once
// An Embedder that calls an OpenAI-compatible POST {base_url}/embeddings:
// OpenAI itself, or a self-hosted server with the same API (Ollama, vLLM,
// llama.cpp's server, text-embeddings-inference, LocalAI, LiteLLM).
//
// What such a model buys over the small model inside our binary (USE Lite,
// 512 dimensions, English only, about 90 words read per input):
// - languages: the large hosted models are trained on many languages, so a
//   German post and its English paraphrase land near each other; USE Lite's
//   vocabulary is English and reads other languages as unknown word pieces;
// - context: they read thousands of tokens per input, so chunks can be long
//   (chunk_words, 350 by default) and keep more of a post's argument
//   together;
// - quality: better retrieval on public benchmarks (MTEB), finer sense of
//   paraphrase, negation and domain vocabulary.
// What it costs:
// - a network dependency: embedding stops (and indexing falls behind) when the
//   endpoint is down, rate-limited or slow; every call here can take up to
//   max_attempts × timeout plus backoff, which is why it runs on a thread pool;
// - money per token for a hosted service, and a round trip of tens to hundreds
//   of milliseconds per batch instead of a few milliseconds in process;
// - the text leaves the cluster: posts, including ones later deleted or in
//   private communities, are sent to whoever runs the endpoint, under their
//   retention terms (a self-hosted server on our network avoids that);
// - vectors belong to one model and one dimension count: they are never
//   comparable with another model's (or with the same model shortened to other
//   dimensions), so model_id() names both, and changing either means
//   re-embedding everything. A provider may also change a model behind a
//   stable name; we cannot detect that.
//
// Semantics: inputs go out in requests of at most batch_size texts; results
// are put back in order by each item's "index" (every index exactly once);
// each vector must have exactly `dimensions` finite numbers and is
// L2-normalised here (not every server normalises). 429, 500, 502, 503, 504
// and transport failures (refused connection, timeout) are retried up to
// max_attempts in all, with exponential backoff and full jitter, or after the
// server's Retry-After (capped at 30 s); any other status fails at once with
// the server's error.message. The API key is sent only in the Authorization
// header: it is never logged, and removed from any text (such as a server's
// error message) that goes into an exception.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "ai/embedder.hpp"

namespace agora::ai {

struct OpenAiOptions {
  // Up to and including the API version, e.g. "https://api.openai.com/v1" or
  // "http://127.0.0.1:11434/v1"; requests go to base_url + "/embeddings".
  std::string base_url;
  std::string model;
  int dimensions = 0;
  std::string api_key;                        // empty: no Authorization header
  std::chrono::milliseconds timeout{10000};   // per attempt, the whole exchange
  int batch_size = 64;                        // texts per request (OpenAI accepts up to 2048)
  int max_attempts = 4;                       // requests per batch, the first included
  std::chrono::milliseconds retry_base{250};  // backoff before attempt n+1: up to retry_base × 2^(n-1)
  int chunk_words = 350;
  // Send the "dimensions" request field (OpenAI text-embedding-3 shortening);
  // off for servers that reject it.
  bool send_dimensions = false;
};

class OpenAiEmbedder : public Embedder {
 public:
  // Throws std::invalid_argument for options that cannot work (no URL or
  // model, dimensions, batch_size, max_attempts or chunk_words below 1, a
  // batch over 2048, a non-positive timeout).
  explicit OpenAiEmbedder(OpenAiOptions options);

  std::string model_id() const override { return model_id_; }
  int dimensions() const override { return options_.dimensions; }
  int chunk_words() const override { return options_.chunk_words; }
  // Thread-safe; blocks for the HTTP round trips (and any backoff). Throws
  // std::runtime_error naming the endpoint, the status and the server's
  // message once a batch has failed for good.
  std::vector<std::vector<float>> embed(const std::vector<std::string>& texts) override;

 private:
  std::vector<std::vector<float>> embed_batch(const std::vector<std::string>& texts, std::size_t begin,
                                              std::size_t end) const;
  // `text` with every occurrence of the API key replaced.
  std::string redact(std::string text) const;

  OpenAiOptions options_;
  std::string url_;
  std::string model_id_;
};

// "oai-" + the model name lower-cased, every character outside [a-z0-9._-]
// turned into '-', + "-" + dimensions; at most 63 characters, so it matches
// ^[a-z0-9][a-z0-9._-]{0,62}$ (a SQL literal and index name suffix). A name
// too long to fit is cut and followed by 8 hex digits of a hash of the whole
// name, so two long names that share a prefix still get different ids; the
// dimensions suffix is always kept.
std::string openai_model_id(std::string_view model, int dimensions);

}  // namespace agora::ai
