#pragma once
// Field rules shared by the content modules: lengths in characters (code
// points, as PostgreSQL's char_length counts them), collected into a list so
// one 422 names every problem.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"

namespace agora::content {

class FieldRules {
 public:
  // Characters between min and max, after trimming nothing: what the user
  // typed is what we store.
  FieldRules& length(const char* field, const std::string& value, std::size_t min, std::size_t max);
  FieldRules& length(const char* field, const std::optional<std::string>& value, std::size_t min, std::size_t max);
  // length() and plain_text() together: a one-line text (a title, a name,
  // a reason) or a multi-line one (a body, a bio, a description).
  template <class Value>
  FieldRules& line(const char* field, const Value& value, std::size_t min, std::size_t max) {
    return length(field, value, min, max).plain_text(field, as_optional(value), /*multiline=*/false);
  }
  template <class Value>
  FieldRules& text(const char* field, const Value& value, std::size_t min, std::size_t max) {
    return length(field, value, min, max).plain_text(field, as_optional(value), /*multiline=*/true);
  }
  FieldRules& one_of(const char* field, const std::optional<std::string>& value,
                     std::initializer_list<const char*> allowed);
  FieldRules& check(bool ok, const char* field, std::string message);
  // Text a person reads: no control characters (a multi-line field may
  // have tab, line feed and carriage return) and no bidirectional embedding,
  // override or isolate controls, which let one user's name or title
  // display as another's; a single-line field also refuses the invisible
  // direction marks (U+200E, U+200F, U+061C). Assumes valid UTF-8 (the JSON
  // reader guarantees it).
  FieldRules& plain_text(const char* field, const std::optional<std::string>& value, bool multiline);
  // Markdown that may be rendered within the limits of content/markdown.
  FieldRules& markdown(const char* field, const std::optional<std::string>& value);
  // Throws Problem 422 listing every failed rule.
  void enforce() const;

 private:
  static std::optional<std::string> as_optional(const std::string& v) { return v; }
  static const std::optional<std::string>& as_optional(const std::optional<std::string>& v) { return v; }
  std::vector<FieldError> errors_;
};

// Empty when `text` passes plain_text(), else the message.
std::string plain_text_problem(std::string_view text, bool multiline);

// Lower-case tags of 1..32 characters from [a-z0-9-], at most 8, no repeats.
std::vector<std::string> normalize_tags(const std::vector<std::string>& tags, FieldRules& rules);

}  // namespace agora::content
