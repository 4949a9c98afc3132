#pragma once
// Structured logging: one JSON object per line on stdout, the format the
// Fluent Bit DaemonSet ships to OpenSearch and CloudWatch Logs unchanged.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace agora::log {

enum class Level { Debug, Info, Warn, Error, Fatal };

struct Field {
  std::string_view key;
  std::variant<std::string_view, std::int64_t, double, bool> value;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, std::int64_t v) : key(k), value(v) {}
  Field(std::string_view k, int v) : key(k), value(std::int64_t(v)) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}
};

void set_level(std::string_view level);  // "debug" … "fatal"
void set_service_name(std::string_view name);
bool enabled(Level level);

// Lines are buffered and written by a background thread at least every
// 20 ms (or at once when 64 KiB are pending): one write(2) per batch instead
// of one per request. ERROR and FATAL lines are written before write() returns.
void write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

// Writes everything pending (called at exit, and after ERROR/FATAL lines).
void flush();

// Renders a line without writing it (used by write(), and by tests).
std::string render(Level level, std::string_view message, std::initializer_list<Field> fields);

inline void debug(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Debug, m, f); }
inline void info(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Info, m, f); }
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Warn, m, f); }
inline void error(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Error, m, f); }
inline void fatal(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::Fatal, m, f); }

}  // namespace agora::log
