#include "embeddings/encoder.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "ai/document.hpp"
#include "ai/use_lite.hpp"

namespace agora::embeddings {

Encoder::Encoder(std::unique_ptr<ai::Embedder> embedder, int threads)
    : embedder_(std::move(embedder)), pool_(std::make_unique<BlockingPool>(std::max(1, threads))) {}

Encoder::~Encoder() = default;

std::string Encoder::model_name() const { return embedder_ ? embedder_->model_id() : std::string(); }

Model Encoder::model() const {
  if (!embedder_) throw std::logic_error("no embedder is configured (AGORA_EMBEDDER=off)");
  return Model{embedder_->model_id(), embedder_->dimensions(), ""};
}

Task<Model> Encoder::registered_model(db::Queryable& db) {
  const auto m = model();
  if (auto found = co_await find_model(db, m.name); found && found->dimensions == m.dimensions) co_return *found;
  co_return co_await register_model(db, m.name, m.dimensions);
}

std::vector<float> Encoder::embed_document(const Document& document, std::size_t max_chunks) const {
  // USE Lite counts its own tokens; an endpoint's tokenizer is not known
  // here, so its chunks are measured in words (Embedder::chunk_words).
  ai::TokenCounter count;
  std::size_t reach = 0;
  if (auto* lite = dynamic_cast<ai::UseLite*>(embedder_.get())) {
    count = [lite](std::string_view text) { return lite->count_tokens(text); };
    reach = lite->max_tokens();
  } else {
    count = [](std::string_view text) {
      std::size_t words = 0;
      bool in_word = false;
      for (const char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        words += !space && !in_word;
        in_word = !space;
      }
      return words;
    };
    reach = std::size_t(std::max(1, embedder_->chunk_words()));
  }
  return ai::embed_document(*embedder_, count, reach, document.title, document.body, max_chunks);
}

Task<std::vector<float>> Encoder::document_vector(Document document, std::size_t max_chunks) {
  if (!embedder_) throw std::logic_error("no embedder is configured (AGORA_EMBEDDER=off)");
  std::vector<float> vector;
  std::function<void()> work = [&] { vector = embed_document(document, max_chunks); };
  co_await pool_->run(std::move(work));
  co_return vector;
}

Task<std::vector<std::vector<float>>> Encoder::document_vectors(std::vector<Document> documents, int threads,
                                                                std::size_t max_chunks) {
  if (!embedder_) throw std::logic_error("no embedder is configured (AGORA_EMBEDDER=off)");
  std::vector<std::vector<float>> vectors(documents.size());
  std::function<void()> work = [&] {
    std::atomic<std::size_t> next{0};
    std::mutex failed;
    std::exception_ptr failure;
    const auto embed_next = [&] {
      for (std::size_t i = next++; i < documents.size(); i = next++) {
        try {
          vectors[i] = embed_document(documents[i], max_chunks);
        } catch (...) {
          const std::lock_guard lock(failed);
          if (!failure) failure = std::current_exception();
          next = documents.size();  // the others stop after their current document
        }
      }
    };
    {
      std::vector<std::jthread> helpers;
      const auto wanted = std::min<std::size_t>(std::size_t(std::max(1, threads)), documents.size());
      for (std::size_t t = 1; t < wanted; ++t) helpers.emplace_back(embed_next);
      embed_next();  // this pool thread is one of them
    }                // joined
    if (failure) std::rethrow_exception(failure);
  };
  co_await pool_->run(std::move(work));
  co_return vectors;
}

Task<std::vector<float>> Encoder::query_vector(std::string text) {
  if (!embedder_) throw std::logic_error("no embedder is configured (AGORA_EMBEDDER=off)");
  std::vector<std::vector<float>> vectors;
  const std::vector<std::string> input{std::move(text)};
  std::function<void()> work = [&] { vectors = embedder_->embed(input); };
  co_await pool_->run(std::move(work));
  if (vectors.size() != 1) throw std::runtime_error("the embedder returned a wrong number of vectors");
  co_return std::move(vectors.front());
}

}  // namespace agora::embeddings
