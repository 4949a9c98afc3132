#pragma once
// Progress of `agora seed` on stderr. On a terminal: the current step as a
// line redrawn in place at most ten times a second (bar, done/total, rate);
// notes (a table finished) print above it. Elsewhere (CI logs, pipes): only
// the notes and a line when each step ends. Safe to call from the loading
// threads.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace agora::app::seeding {

class Progress {
 public:
  // `out` is stderr in the command; tests pass a temporary file.
  Progress(std::FILE* out, bool interactive) : out_(out), interactive_(interactive) {}
  static Progress for_stderr();

  // A step with `total` units (rows unless `unit` says otherwise), or 0 for
  // a step without a count.
  void begin(const std::string& step, std::int64_t total, std::string unit = "rows");
  void advance(std::int64_t units);
  // A permanent line, e.g. "comments  1,000,000 rows  31.2 s".
  void note(const std::string& line);
  void end();

 private:
  void draw(bool final);  // with mu_ held
  using Clock = std::chrono::steady_clock;
  std::mutex mu_;
  std::FILE* out_;
  bool interactive_;
  std::string step_, unit_;
  std::int64_t total_ = 0, done_ = 0;
  Clock::time_point started_, last_draw_;
};

// "1,234,567"
std::string grouped(std::int64_t n);

}  // namespace agora::app::seeding
