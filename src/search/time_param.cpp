#include "search/time_param.hpp"

#include <chrono>
#include <regex>

#include "core/errors.hpp"

namespace agora::search {

std::optional<std::string> rfc3339_time(std::string_view text) {
  static const std::regex shape(
      R"(^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?([Zz]|[+-](\d{2}):(\d{2})))?$)");
  if (text.size() > 40) return std::nullopt;
  const std::string s(text);
  std::smatch m;
  if (!std::regex_match(s, m, shape)) return std::nullopt;
  const auto num = [&](int i) { return m[i].matched ? std::stoi(m[i].str()) : 0; };
  const std::chrono::year_month_day day{std::chrono::year(num(1)), std::chrono::month(unsigned(num(2))),
                                        std::chrono::day(unsigned(num(3)))};
  if (!day.ok() || num(1) < 1970) return std::nullopt;
  if (num(4) > 23 || num(5) > 59 || num(6) > 59 || num(8) > 23 || num(9) > 59) return std::nullopt;
  return m[4].matched ? s : s + "T00:00:00Z";
}

std::optional<std::string> time_param(const http::Request& req, const char* name) {
  auto raw = req.query_param(name);
  if (!raw) return std::nullopt;
  auto t = rfc3339_time(*raw);
  if (!t)
    throw Problem::bad_request(std::string("Query parameter '") + name +
                               "' must be an RFC 3339 date or date-time (2026-12-07 or 2026-12-07T10:30:00Z).");
  return t;
}

}  // namespace agora::search
