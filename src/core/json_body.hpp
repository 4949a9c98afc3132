#pragma once
// Strict reading of JSON request bodies. Every endpoint declares exactly the
// fields it accepts; anything else (malformed JSON, wrong types, missing or
// unknown fields, NUL characters, oversized strings) becomes a clear 4xx
// before any business rule runs, listing every problem at once.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"

namespace agora {

class JsonBody {
 public:
  // Throws Problem 415 when the content type is not JSON, 400 when the body is
  // not one well-formed UTF-8 JSON object (nesting is capped at 32 levels).
  static JsonBody parse(std::string_view content_type, std::string_view body);
  JsonBody(JsonBody&&) noexcept;
  ~JsonBody();

  // Accessors note missing fields and wrong types instead of throwing, so one
  // response lists everything. Returned values are empty when in error.
  // `max_bytes` caps string size before any domain rule looks at it.
  std::string required_string(std::string_view field, std::size_t max_bytes = 10'000);
  std::optional<std::string> optional_string(std::string_view field, std::size_t max_bytes = 10'000);
  std::optional<std::int64_t> optional_int(std::string_view field);
  std::optional<bool> optional_bool(std::string_view field);
  std::optional<std::vector<std::string>> optional_string_array(std::string_view field, std::size_t max_items,
                                                                std::size_t max_bytes);

  // Largest JSON body accepted (413 above), whatever the server's limit.
  static constexpr std::size_t kMaxJsonBytes = std::size_t{256} * 1024;

  // Throws Problem 422 if any accessor failed or the object has fields that
  // no accessor asked for.
  void finish();

  const std::vector<FieldError>& errors() const { return errors_; }

 private:
  struct Impl;
  explicit JsonBody(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::vector<FieldError> errors_;
};

}  // namespace agora
