#pragma once
// The process's embedder behind what the rest of agora asks of it: a post's
// vector (chunked to the model's reach and combined, ai/document.hpp) or a
// query's,
// computed on a small pool of threads (a forward pass or an HTTP call blocks)
// and the model's row in embedding_models, registered once per process.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ai/embedder.hpp"
#include "core/offload.hpp"
#include "db/db.hpp"
#include "embeddings/document.hpp"
#include "embeddings/store.hpp"

namespace agora::embeddings {

class Encoder {
 public:
  // `embedder` may be null (AGORA_EMBEDDER=off): then available() is false.
  Encoder(std::unique_ptr<ai::Embedder> embedder, int threads);
  ~Encoder();

  bool available() const { return embedder_ != nullptr; }
  std::string model_name() const;

  // The model as queries name it (no database round trip).
  Model model() const;
  // The model's row, registered (and indexed) when the database lacks it:
  // what writing vectors needs. One lookup per call, since the database
  // may be another one than last time (a restore, a test).
  Task<Model> registered_model(db::Queryable& db);

  // At most `max_chunks` chunks of the document are read (a worker reads a
  // long post whole; a draft being typed gets a quicker, shorter read).
  Task<std::vector<float>> document_vector(Document document, std::size_t max_chunks = 32);
  Task<std::vector<float>> query_vector(std::string text);

  // Many documents at once on `threads` threads of their own (a backfill:
  // the process's pool is sized for a worker's trickle, a backfill for the
  // machine). Vectors in the order of `documents`; the first failure is
  // rethrown once every thread has stopped.
  Task<std::vector<std::vector<float>>> document_vectors(std::vector<Document> documents, int threads,
                                                         std::size_t max_chunks = 32);

 private:
  std::vector<float> embed_document(const Document& document, std::size_t max_chunks) const;

  std::unique_ptr<ai::Embedder> embedder_;
  std::unique_ptr<BlockingPool> pool_;
};

}  // namespace agora::embeddings
