#include "core/log.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <thread>

#include "core/json_text.hpp"

namespace agora::log {
namespace {

std::atomic<int> g_level{int(Level::Info)};
// A function-local static: constructed on first use, not before main.
std::string& service() {
  static std::string name = "agora";
  return name;
}

const char* level_name(Level l) {
  switch (l) {
    case Level::Debug:
      return "DEBUG";
    case Level::Info:
      return "INFO";
    case Level::Warn:
      return "WARN";
    case Level::Error:
      return "ERROR";
    case Level::Fatal:
      return "FATAL";
  }
  return "INFO";
}

void append_timestamp(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::system_clock::to_time_t(now);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1'000'000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  // (void): the longest possible stamp fits in buf, and these conversions have
  // no encoding to fail.
  (void)std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                      tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros));
  out += buf;
}

}  // namespace

void set_level(std::string_view level) {
  if (level == "debug") g_level = int(Level::Debug);
  else if (level == "warn") g_level = int(Level::Warn);
  else if (level == "error") g_level = int(Level::Error);
  else if (level == "fatal") g_level = int(Level::Fatal);
  else g_level = int(Level::Info);
}

void set_service_name(std::string_view name) { service() = std::string(name); }

bool enabled(Level level) { return int(level) >= g_level.load(std::memory_order_relaxed); }

std::string render(Level level, std::string_view message, std::initializer_list<Field> fields) {
  std::string out;
  out.reserve(256);
  out += "{\"@timestamp\":\"";
  append_timestamp(out);
  out += "\",\"log.level\":\"";
  out += level_name(level);
  out += "\",\"service.name\":";
  json_text::append_string(out, service());
  out += ",\"message\":";
  json_text::append_string(out, message);
  for (const auto& f : fields) {
    out.push_back(',');
    json_text::append_string(out, f.key);
    out.push_back(':');
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string_view>) json_text::append_string(out, v);
          else if constexpr (std::is_same_v<V, bool>) out += v ? "true" : "false";
          else if constexpr (std::is_same_v<V, double>) {
            char buf[32];
            (void)std::snprintf(buf, sizeof buf, "%.6g", v);  // (void): "%.6g" of a double fits in 32 bytes
            out += buf;
          } else out += std::to_string(v);
        },
        f.value);
  }
  out += "}\n";
  return out;
}

namespace {

// Pending output shared by all threads; `flush_mu` keeps batches in order.
struct Sink {
  std::mutex mu;
  std::string pending;
  std::mutex flush_mu;
  std::condition_variable wake;
  std::once_flag started;
};

Sink& sink() {
  static Sink* s = new Sink;  // never destroyed: threads may log during exit
  return *s;
}

void write_all(const std::string& data) {
  std::size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // stdout gone: nothing sensible left to do
    off += std::size_t(n);
  }
}

void start_flusher() {
  std::thread([] {
    auto& s = sink();
    for (;;) {
      {
        std::unique_lock lock(s.mu);
        s.wake.wait_for(lock, std::chrono::milliseconds(20));
      }
      flush();
    }
  }).detach();
  // (void): fails only when out of memory; the flusher thread still writes
  // what is pending every 20 ms.
  (void)std::atexit([] { flush(); });
}

}  // namespace

void flush() {
  auto& s = sink();
  std::lock_guard order(s.flush_mu);
  std::string batch;
  {
    std::lock_guard lock(s.mu);
    batch.swap(s.pending);
  }
  if (!batch.empty()) write_all(batch);
}

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  std::string line = render(level, message, fields);
  auto& s = sink();
  std::call_once(s.started, start_flusher);
  bool now;
  {
    std::lock_guard lock(s.mu);
    s.pending += line;
    now = s.pending.size() >= (64u << 10);
  }
  if (now || level >= Level::Error) flush();
}

}  // namespace agora::log
