#include "core/log.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/json_text.hpp"

namespace agora::log {
namespace {

std::atomic<int> g_level{int(Level::Info)};
std::string g_service = "agora";

const char* level_name(Level l) {
  switch (l) {
    case Level::Debug: return "DEBUG";
    case Level::Info: return "INFO";
    case Level::Warn: return "WARN";
    case Level::Error: return "ERROR";
    case Level::Fatal: return "FATAL";
  }
  return "INFO";
}

void append_timestamp(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::system_clock::to_time_t(now);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1'000'000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
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

void set_service_name(std::string_view name) { g_service = std::string(name); }

bool enabled(Level level) { return int(level) >= g_level.load(std::memory_order_relaxed); }

std::string render(Level level, std::string_view message, std::initializer_list<Field> fields) {
  std::string out;
  out.reserve(256);
  out += "{\"@timestamp\":\"";
  append_timestamp(out);
  out += "\",\"log.level\":\"";
  out += level_name(level);
  out += "\",\"service.name\":";
  json_text::append_string(out, g_service);
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
            std::snprintf(buf, sizeof buf, "%.6g", v);
            out += buf;
          } else out += std::to_string(v);
        },
        f.value);
  }
  out += "}\n";
  return out;
}

void write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  const std::string line = render(level, message, fields);
  // One write(2) per line keeps lines whole when several threads log at once.
  std::size_t off = 0;
  while (off < line.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, line.data() + off, line.size() - off);
    if (n <= 0) break;
    off += std::size_t(n);
  }
}

}  // namespace agora::log
