#include "content/paging.hpp"

#include <sodium.h>

#include <charconv>
#include <cmath>

#include "core/errors.hpp"

namespace agora::content {

int page_limit(const http::Request& req, int def, int max) {
  auto raw = req.query_param("limit");
  if (!raw) return def;
  int v = 0;
  auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (ec != std::errc() || p != raw->data() + raw->size() || v < 1 || v > max)
    throw Problem::bad_request("Query parameter 'limit' must be a whole number from 1 to " + std::to_string(max) + ".");
  return v;
}

std::string encode_cursor(const std::vector<std::string>& fields) {
  std::string plain = "c1";
  for (const auto& f : fields) plain += "|" + f;
  std::string out(sodium_base64_encoded_len(plain.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::vector<std::string> cursor_param(const http::Request& req, std::size_t fields) {
  auto raw = req.query_param("cursor");
  if (!raw || raw->empty()) return {};
  const auto bad = [] { return Problem::bad_request("Query parameter 'cursor' is not a cursor this API returned."); };
  if (raw->size() > 512) throw bad();
  std::string plain(raw->size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(plain.data()), plain.size(), raw->data(), raw->size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    throw bad();
  plain.resize(len);
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto bar = plain.find('|', start);
    out.push_back(plain.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  if (out.empty() || out.front() != "c1" || out.size() != fields + 1) throw bad();
  out.erase(out.begin());
  for (const auto& f : out)
    for (unsigned char c : f)
      if (c < 0x20 || c >= 0x7F) throw bad();
  return out;
}

bool cursor_field_valid(std::string_view text, CursorField type) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (text.empty()) return false;
  switch (type) {
    case CursorField::id: {
      std::int64_t v = 0;
      if (text.front() < '0' || text.front() > '9') return false;  // from_chars takes a '-'
      auto [p, ec] = std::from_chars(first, last, v);
      return ec == std::errc() && p == last;
    }
    case CursorField::int32: {
      std::int32_t v = 0;
      auto [p, ec] = std::from_chars(first, last, v);
      return ec == std::errc() && p == last;
    }
    case CursorField::micros: {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(first, last, v);
      constexpr std::int64_t kBound = std::int64_t(1) << 53;
      return ec == std::errc() && p == last && v >= -kBound && v <= kBound;
    }
    case CursorField::float4:
    case CursorField::float8: {
      // Decimal notation only, no inf/nan, and within the column type's
      // range both ways: PostgreSQL refuses a value that overflows, and one
      // that underflows to zero ('1e-88'::real), so parse as that type.
      if (text.find_first_not_of("0123456789.eE+-") != std::string_view::npos) return false;
      if (type == CursorField::float4) {
        float v = 0;
        auto [p, ec] = std::from_chars(first, last, v);
        return ec == std::errc() && p == last && std::isfinite(v);
      }
      double v = 0;
      auto [p, ec] = std::from_chars(first, last, v);
      return ec == std::errc() && p == last && std::isfinite(v);
    }
  }
  return false;
}

std::vector<std::string> typed_cursor_param(const http::Request& req, std::initializer_list<CursorField> fields) {
  auto out = cursor_param(req, fields.size());
  std::size_t i = 0;
  for (const auto type : fields) {
    if (!out.empty() && !cursor_field_valid(out[i], type))
      throw Problem::bad_request("Query parameter 'cursor' is not a cursor this API returned.");
    ++i;
  }
  return out;
}

std::string render_page(const std::vector<std::string>& items, const std::vector<std::string>& last_key) {
  std::size_t size = 64;
  for (const auto& i : items) size += i.size() + 1;
  std::string out;
  out.reserve(size);
  out += "{\"items\":[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += items[i];
  }
  out += "],\"next_cursor\":";
  if (last_key.empty()) out += "null";
  else out += "\"" + encode_cursor(last_key) + "\"";
  out += '}';
  return out;
}

std::string choice_param(const http::Request& req, const char* name, std::initializer_list<const char*> allowed,
                         const char* def) {
  auto raw = req.query_param(name);
  if (!raw) return def;
  std::string list;
  for (const char* a : allowed) {
    if (*raw == a) return *raw;
    list += list.empty() ? "" : ", ";
    list += a;
  }
  throw Problem::bad_request("Query parameter '" + std::string(name) + "' must be one of: " + list + ".");
}

bool parse_id(std::string_view text, std::int64_t& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size() && out > 0;
}

}  // namespace agora::content
