#pragma once
// Field rules shared by the content modules: lengths in characters (code
// points, as PostgreSQL's char_length counts them), collected into a list so
// one 422 names every problem.
#include <optional>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace agora::content {

class FieldRules {
 public:
  // Characters between min and max, after trimming nothing: what the user
  // typed is what we store.
  FieldRules& length(const char* field, const std::string& value, std::size_t min, std::size_t max);
  FieldRules& length(const char* field, const std::optional<std::string>& value, std::size_t min, std::size_t max);
  FieldRules& one_of(const char* field, const std::optional<std::string>& value,
                     std::initializer_list<const char*> allowed);
  FieldRules& check(bool ok, const char* field, std::string message);
  // Throws Problem 422 listing every failed rule.
  void enforce() const;

 private:
  std::vector<FieldError> errors_;
};

// Lower-case tags of 1..32 characters from [a-z0-9-], at most 8, no repeats.
std::vector<std::string> normalize_tags(const std::vector<std::string>& tags, FieldRules& rules);

}  // namespace agora::content
