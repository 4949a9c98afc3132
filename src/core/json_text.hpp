#pragma once
// Minimal JSON text writing for hot paths (log lines, problem bodies) where
// building a boost::json::value first would cost an allocation per field.
#include <string>
#include <string_view>

namespace agora::json_text {

// Appends `s` as a quoted JSON string. Invalid UTF-8 bytes are replaced with
// U+FFFD so a log line or error body is always valid JSON.
void append_string(std::string& out, std::string_view s);

inline std::string quote(std::string_view s) {
  std::string out;
  append_string(out, s);
  return out;
}

}  // namespace agora::json_text
