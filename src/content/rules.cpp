#include "content/rules.hpp"

#include <algorithm>
#include <cstdint>

#include "content/markdown.hpp"
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

std::string plain_text_problem(std::string_view text, bool multiline) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = std::max<std::size_t>(1, utf8::sequence_length(text, i));
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    std::uint32_t cp = b(0);
    if (n == 2) cp = (cp & 0x1F) << 6 | (b(1) & 0x3F);
    else if (n == 3) cp = (cp & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
    else if (n == 4) cp = (cp & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
    i += n;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      if (multiline && (cp == '\n' || cp == '\t' || cp == '\r')) continue;
      return multiline ? "must not contain control characters other than tab and line breaks"
                       : "must not contain control characters or line breaks";
    }
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
      return "must not contain bidirectional override, embedding or isolate characters (U+202A-U+202E, "
             "U+2066-U+2069)";
    if (!multiline && (cp == 0x200E || cp == 0x200F || cp == 0x061C))
      return "must not contain invisible direction marks (U+200E, U+200F, U+061C)";
  }
  return {};
}

FieldRules& FieldRules::plain_text(const char* field, const std::optional<std::string>& value, bool multiline) {
  if (!value) return *this;
  if (auto why = plain_text_problem(*value, multiline); !why.empty()) errors_.push_back({field, std::move(why)});
  return *this;
}

FieldRules& FieldRules::markdown(const char* field, const std::optional<std::string>& value) {
  if (!value) return *this;
  if (auto why = markdown_cost_problem(*value); !why.empty()) errors_.push_back({field, std::move(why)});
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
