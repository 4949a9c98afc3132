#include "content/rules.hpp"

#include <algorithm>

#include "core/utf8.hpp"

namespace agora::content {

FieldRules& FieldRules::length(const char* field, const std::string& value, std::size_t min, std::size_t max) {
  const auto n = utf8::length(value);
  if (n < min || n > max) {
    errors_.push_back(
        {field, min > 0 && n < min
                    ? (min == 1 ? "must not be empty" : "must have at least " + std::to_string(min) + " characters")
                    : "must have at most " + std::to_string(max) + " characters"});
  }
  return *this;
}

FieldRules& FieldRules::length(const char* field, const std::optional<std::string>& value, std::size_t min,
                               std::size_t max) {
  if (value) length(field, *value, min, max);
  return *this;
}

FieldRules& FieldRules::one_of(const char* field, const std::optional<std::string>& value,
                               std::initializer_list<const char*> allowed) {
  if (!value) return *this;
  std::string list;
  for (const char* a : allowed) {
    if (*value == a) return *this;
    list += list.empty() ? "" : ", ";
    list += a;
  }
  errors_.push_back({field, "must be one of: " + list});
  return *this;
}

FieldRules& FieldRules::check(bool ok, const char* field, std::string message) {
  if (!ok) errors_.push_back({field, std::move(message)});
  return *this;
}

void FieldRules::enforce() const {
  if (!errors_.empty()) throw Problem::validation(errors_);
}

std::vector<std::string> normalize_tags(const std::vector<std::string>& tags, FieldRules& rules) {
  std::vector<std::string> out;
  bool ok = tags.size() <= 8;
  for (auto t : tags) {
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const bool shape = !t.empty() && t.size() <= 32 && std::all_of(t.begin(), t.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
    ok = ok && shape;
    if (shape && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  }
  rules.check(ok, "tags", "must be at most 8 tags of 1 to 32 characters from a-z, 0-9 and '-'");
  return out;
}

}  // namespace agora::content
