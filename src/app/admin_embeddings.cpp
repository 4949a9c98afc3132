// `agora admin embeddings …`: what operators do with the embeddings store
// (docs/adr/0082, docs/runbooks/semantic-search.md).
#include "app/admin_embeddings.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "ai/factory.hpp"
#include "app/encoder.hpp"
#include "db/standalone.hpp"
#include "embeddings/backfill.hpp"

namespace agora::app {
namespace {

constexpr const char* kUsage =
    R"(usage: agora admin embeddings status          models, their state and how many posts each has
       agora admin embeddings backfill [--batch N] [--threads N]
                                             embed every post the configured model lacks
                                             (N posts per transaction, default 50; on N
                                             threads, default one per core)
       agora admin embeddings activate NAME  make NAME the model that answers queries
       agora admin embeddings drop NAME      delete a retired model's vectors and index
       agora admin embeddings time           time per embedding of the configured model (one thread)

The configured model is AGORA_EMBEDDER's (use-lite, or openai with AGORA_EMBEDDINGS_*).
A backfill can be stopped and started again: posts already current are skipped.
Switching models: backfill with the new model configured, roll agora serve and
agora worker to it, backfill once more (posts written during the roll), then
activate it and drop the old one.
)";

int usage(const std::string& why) {
  std::cerr << "agora admin embeddings: " << why << "\n" << kUsage;
  return 2;
}

void draw(const embeddings::BackfillProgress& p, std::chrono::steady_clock::time_point started, bool tty) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double rate = seconds > 0 ? double(p.seen) / seconds : 0;
  const auto total = std::max<std::int64_t>(p.total, p.seen);
  const int width = 30;
  const int filled = total ? int(double(p.seen) / double(total) * width) : width;
  std::string bar(std::size_t(filled), '#');
  bar.resize(width, '.');
  char line[200];
  (void)std::snprintf(line, sizeof line,
                      "[%s] %lld/%lld posts, %lld embedded, %lld unchanged, %.0f posts/s, ETA %.0f s", bar.c_str(),
                      static_cast<long long>(p.seen), static_cast<long long>(total), static_cast<long long>(p.embedded),
                      static_cast<long long>(p.unchanged), rate, rate > 0 ? double(total - p.seen) / rate : 0.0);
  // A terminal gets one line redrawn; a log gets a line per batch.
  std::cerr << (tty ? "\r" : "") << line << (tty ? "" : "\n") << std::flush;
}

int status(const Config& config) {
  db::with_pool(config, [&](db::Pool& pool) -> Task<void> {
    auto r = co_await pool.query(
        "SELECT m.name, m.dimensions, m.state, (SELECT count(*) FROM embeddings e WHERE e.model = m.name), "
        "(SELECT count(*) FROM posts) FROM embedding_models m ORDER BY m.created_at, m.name");
    if (r.empty()) std::cout << "no model registered yet (agora worker or a backfill registers the configured one)\n";
    for (int i = 0; i < r.rows(); ++i)
      std::cout << r.string(i, 0) << "\t" << r.string(i, 2) << "\t" << r.string(i, 1) << " dimensions\t"
                << r.string(i, 3) << " of " << r.string(i, 4) << " posts\n";
  });
  std::cout << "configured: " << (config.embedder == "off" ? "off" : process_encoder(config).model_name()) << "\n";
  return 0;
}

// One thread, warm: a question, and a paragraph past what USE Lite reads.
int time_embeddings(const Config& config) {
  if (config.embedder == "off") return usage("AGORA_EMBEDDER=off: configure a model to time");
  auto embedder = ai::make_embedder(config);
  const std::string question = "How do I reset my password?";
  std::string paragraph;
  while (paragraph.size() < 1200)
    paragraph +=
        "The community moved its weekly meeting to Thursday evenings so that members in other time zones "
        "can join, and the notes of every meeting are posted in the announcements forum afterwards. ";
  const auto time = [&](const std::string& text, int rounds) {
    const std::vector<std::string> input{text};
    (void)embedder->embed(input);  // warm
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < rounds; ++i) (void)embedder->embed(input);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / rounds;
  };
  std::printf("%s: %.2f ms per embedding of a %zu-character question, %.2f ms of a %zu-character paragraph\n",
              embedder->model_id().c_str(), time(question, 100), question.size(), time(paragraph, 20),
              paragraph.size());
  return 0;
}

}  // namespace

int admin_embeddings(const Config& config, const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    if (args[0] == "status") return rest.empty() ? status(config) : usage("status takes no arguments");
    if (args[0] == "time") return rest.empty() ? time_embeddings(config) : usage("time takes no arguments");
    if (args[0] == "backfill") {
      int batch = 50;
      int threads = int(std::max(1U, std::thread::hardware_concurrency()));
      for (std::size_t i = 0; i < rest.size(); ++i) {
        if ((rest[i] == "--batch" || rest[i] == "--threads") && i + 1 < rest.size()) {
          const auto& v = rest[++i];
          const int most = rest[i - 1] == "--batch" ? 9999 : 64;
          if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos || std::stoi(v) < 1 ||
              std::stoi(v) > most)
            return usage(rest[i - 1] + " must be a whole number from 1 to " + std::to_string(most) + ", not '" + v +
                         "'");
          (rest[i - 1] == "--batch" ? batch : threads) = std::stoi(v);
        } else {
          return usage("unknown option '" + rest[i] + "'");
        }
      }
      if (config.embedder == "off") return usage("AGORA_EMBEDDER=off: configure a model to backfill");
      auto& encoder = process_encoder(config);
      const bool tty = ::isatty(STDERR_FILENO) == 1;
      const auto started = std::chrono::steady_clock::now();
      embeddings::BackfillProgress done;
      db::with_pool(config, [&](db::Pool& pool) -> Task<void> {
        done = co_await embeddings::backfill_posts(
            pool, encoder, batch, threads, [&](const embeddings::BackfillProgress& p) { draw(p, started, tty); });
      });
      draw(done, started, tty);
      if (tty) std::cerr << "\n";
      std::cout << encoder.model_name() << ": " << done.embedded << " posts embedded, " << done.unchanged
                << " already current\n";
      return 0;
    }
    if (args[0] == "activate" || args[0] == "drop") {
      if (rest.size() != 1) return usage(args[0] + " takes one model name");
      db::with_pool(config, [&](db::Pool& pool) -> Task<void> {
        if (args[0] == "activate") co_await embeddings::activate(pool, rest[0]);
        else co_await embeddings::drop(pool, rest[0]);
      });
      std::cout << rest[0] << (args[0] == "activate" ? " is the active model\n" : " dropped\n");
      return 0;
    }
  } catch (const std::invalid_argument& e) {
    return usage(e.what());
  }
  return usage("unknown embeddings command '" + args[0] + "'");
}

}  // namespace agora::app
