#pragma once
// What PostgreSQL accepts as the input of a column type, for the fuzz
// targets that check what the service lets through to SQL: int8in, int4in,
// float4in and float8in use strtoll, strtol, strtof and strtod and refuse
// ERANGE (for floats: an overflow, or an underflow to zero). Written
// independently of content/paging.cpp, which it checks.
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "content/paging.hpp"

inline bool postgres_accepts(std::string_view text, agora::content::CursorField type) {
  using agora::content::CursorField;
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  switch (type) {
    case CursorField::id:
    case CursorField::micros: {
      std::strtoll(s.c_str(), &end, 10);
      return end != s.c_str() && *end == '\0' && errno != ERANGE;
    }
    case CursorField::int32: {
      const long v = std::strtol(s.c_str(), &end, 10);
      return end != s.c_str() && *end == '\0' && errno != ERANGE && v >= INT32_MIN && v <= INT32_MAX;
    }
    case CursorField::float4: {
      const float v = std::strtof(s.c_str(), &end);
      if (end == s.c_str() || *end != '\0') return false;
      return errno != ERANGE || !(v == 0.0f || std::isinf(v));
    }
    case CursorField::float8: {
      const double v = std::strtod(s.c_str(), &end);
      if (end == s.c_str() || *end != '\0') return false;
      return errno != ERANGE || !(v == 0.0 || std::isinf(v));
    }
  }
  return false;
}
