#pragma once
// A stand-in OpenAI-compatible embeddings endpoint on loopback for the tests
// of src/ai/openai_embedder.cpp: tests/embeddings/openai-server.mjs (Node's
// built-in modules only, nothing to install), started with the faults a test
// asks for. Every request it received is read back from its log.
#include <optional>
#include <string>
#include <vector>

#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace agora::test {

struct EmbeddingsServerOptions {
  int dims = 16;              // the model's dimensions when a request sends no "dimensions"
  std::string key;            // non-empty: requests need "Authorization: Bearer <key>"
  bool unnormalised = false;  // vector i scaled by 2.5 + i
  bool shuffle = false;       // data items in reverse order
  int fail_first = 0;         // the first N requests answer fail_status
  int fail_status = 503;
  bool retry_after = false;      // a failing 429 carries Retry-After: 1
  int delay_ms = 0;              // every answer waits this long
  bool wrong_dims = false;       // one component too many
  bool duplicate_index = false;  // the last item repeats the first's index
  bool non_finite = false;       // a component too large for a float
};

// One request as the server logged it (before answering it).
struct EmbeddingsRequest {
  int batch = -1;              // inputs in the request; -1 when the body was not JSON
  int status = 0;              // what the server answered
  bool authorization = false;  // an Authorization header was present
  std::string model;
  std::string encoding_format;  // empty when absent
  std::optional<int> dimensions;
};

class EmbeddingsTestServer {
 public:
  explicit EmbeddingsTestServer(const EmbeddingsServerOptions& options = {});
  ~EmbeddingsTestServer() { stop(); }
  EmbeddingsTestServer(const EmbeddingsTestServer&) = delete;
  EmbeddingsTestServer& operator=(const EmbeddingsTestServer&) = delete;

  int port() const { return port_; }
  // http://127.0.0.1:<port>/v1: an OpenAiOptions::base_url.
  std::string url() const;
  // Kills the server: its port refuses connections afterwards. Idempotent.
  void stop() { process_.stop(); }
  // Every request received so far, in arrival order.
  std::vector<EmbeddingsRequest> requests() const;

 private:
  TempDir dir_{"agora-embeddings"};
  ServerProcess process_;
  int port_ = 0;
};

}  // namespace agora::test
