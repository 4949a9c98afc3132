#include "app/seed_progress.hpp"

#include <unistd.h>

#include <algorithm>

namespace agora::app::seeding {

std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

Progress Progress::for_stderr() { return Progress(stderr, ::isatty(STDERR_FILENO) == 1); }

void Progress::begin(const std::string& step, std::int64_t total, std::string unit) {
  std::lock_guard lock(mu_);
  step_ = step;
  unit_ = std::move(unit);
  total_ = total;
  done_ = 0;
  started_ = last_draw_ = Clock::now();
  if (interactive_) draw(false);
}

void Progress::advance(std::int64_t units) {
  std::lock_guard lock(mu_);
  done_ += units;
  if (!interactive_) return;
  const auto now = Clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(false);
}

// Progress output is best effort: the seed goes on when stderr is closed or
// full, and there is nowhere else to report that, so the results of the
// writes below are ignored ((void)).
void Progress::note(const std::string& line) {
  std::lock_guard lock(mu_);
  if (interactive_) (void)std::fprintf(out_, "\r\033[K");
  (void)std::fprintf(out_, "    %s\n", line.c_str());
  if (interactive_) draw(false);
  (void)std::fflush(out_);
}

void Progress::end() {
  std::lock_guard lock(mu_);
  draw(true);
}

void Progress::draw(bool final) {
  const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  char line[256];
  if (total_ > 0) {
    constexpr int kWidth = 24;
    const double f = std::min(1.0, double(done_) / double(total_));
    std::string bar(std::size_t(f * kWidth), '#');
    bar.resize(kWidth, '.');
    const double rate = seconds > 0 ? double(done_) / seconds : 0;
    const std::string unit = unit_.empty() ? "" : " " + unit_;
    const std::string per_second = unit_.empty() ? "" : "  " + grouped(std::int64_t(rate)) + unit + "/s";
    // (void): a line longer than the buffer is cut short, which is fine for progress.
    (void)std::snprintf(line, sizeof line, "  %-16s [%s] %s / %s%s  %3.0f%%%s  %.1f s", step_.c_str(), bar.c_str(),
                        grouped(done_).c_str(), grouped(total_).c_str(), unit.c_str(), f * 100, per_second.c_str(),
                        seconds);
  } else {
    (void)std::snprintf(line, sizeof line, "  %-16s %s  %.1f s", step_.c_str(), final ? "done" : "...", seconds);
  }
  // \r and clear-to-end-of-line redraw the same terminal line.
  if (interactive_) (void)std::fprintf(out_, "\r\033[K%s%s", line, final ? "\n" : "");
  else if (final) (void)std::fprintf(out_, "%s\n", line);
  (void)std::fflush(out_);
}

}  // namespace agora::app::seeding
