#pragma once
// Checks HTTP responses against docs/openapi.yaml, so the HTTP tests prove
// the server answers what the spec promises (and the spec stays true).
//
// Three layers, usable on their own:
//  - yaml_to_json: the YAML document as boost::json, scalars typed by the
//    YAML 1.2 core schema (quoted stays a string; plain true/123/1.5/null
//    become bool/int/double/null).
//  - SchemaValidator: the subset of JSON Schema 2020-12 the spec uses. A
//    keyword it does not implement is a SpecError, never silently ignored:
//    a spec that starts to rely on one must get it implemented here first.
//  - OpenApiSpec + check_response: which response object of the spec a
//    response answers, and whether status, content type, body and headers
//    match it.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agora::test::openapi {

// The document is not one this code can check against: YAML syntax, an
// unsupported keyword, a $ref that does not resolve, a $ref cycle. Always a
// bug in the spec (or in this file), never in the response.
struct SpecError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

boost::json::value yaml_to_json(std::string_view yaml_text);
boost::json::value load_yaml_file(const std::string& path);

// One way an instance fails its schema.
struct Violation {
  std::string instance;  // JSON pointer into the instance; "" is the whole instance
  std::string
      schema;  // JSON pointer (as a URI fragment) of the failing keyword, e.g. "#/components/schemas/User/required"
  std::string message;
};
std::string to_string(const Violation& v);

// JSON Schema over schemas inside one document, so that local $refs
// ("#/components/schemas/X") resolve. Thread-safe. Implements: type (also
// arrays of types), enum, const, properties, required, additionalProperties,
// items, allOf, anyOf, oneOf, $ref (local), $defs, minimum, maximum,
// minLength/maxLength (in code points), minItems, maxItems, pattern
// (ECMAScript, unanchored), format date-time (RFC 3339), email, uri-reference,
// int64 (nothing beyond the integer type) and binary (any string). Annotations (title,
// description, default, example(s), deprecated, readOnly, writeOnly,
// $comment) and x- extensions are accepted; anything else is a SpecError.
class SchemaValidator {
 public:
  explicit SchemaValidator(boost::json::value document);
  ~SchemaValidator();
  SchemaValidator(SchemaValidator&&) noexcept;
  SchemaValidator& operator=(SchemaValidator&&) noexcept;

  const boost::json::value& document() const;

  // Validates `instance` against the schema at `schema_pointer`, a JSON
  // pointer into the document with or without a leading '#'. Throws
  // SpecError for what the schema does wrong; returns what the instance does.
  std::vector<Violation> validate(const boost::json::value& instance, std::string_view schema_pointer) const;

  // Walks the schema at `schema_pointer` and everything it reaches, without
  // an instance: throws SpecError on an unsupported keyword or a malformed
  // one, a $ref that does not resolve, or a cycle of $ref/allOf/anyOf/oneOf
  // that would never reach a smaller part of the instance.
  void check_schema(std::string_view schema_pointer) const;

  // The value at a JSON pointer ("" or "#" is the root); throws SpecError.
  const boost::json::value& resolve(std::string_view pointer) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A response object of the spec and where it is (for messages).
struct ResponseRef {
  const boost::json::object* object = nullptr;
  std::string pointer;  // "#/paths/~1livez/get/responses/200" or "#/components/responses/NotFound"
};

class OpenApiSpec {
 public:
  // Reads and checks the document: every schema in it must be one
  // SchemaValidator fully implements (see check_schema), so an unsupported
  // keyword fails the first use of the spec, not the first response that
  // happens to reach it.
  explicit OpenApiSpec(boost::json::value document);
  static OpenApiSpec load(const std::string& path);

  const SchemaValidator& schemas() const { return schemas_; }

  // The path template ("/api/v1/users/{username}") a percent-decoded path
  // matches, splitting on '/' as the router does (empty segments ignored).
  // Where several match, a literal segment beats a parameter at the first
  // place they differ (OpenAPI: concrete paths before templated ones).
  std::optional<std::string> match_path(std::string_view path) const;
  // The methods (upper case) the spec describes for a path template.
  std::vector<std::string> methods(std::string_view route) const;
  // The operation's response for `status`: the exact code, else its range
  // ("4XX"), else `default`; $refs resolved. HEAD uses the GET operation
  // when the path has no `head` (every GET also answers HEAD). Nullopt when
  // the operation does not exist or declares nothing for the status.
  std::optional<ResponseRef> find_response(std::string_view method, std::string_view route, int status) const;

 private:
  SchemaValidator schemas_;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// The request as far as the caller knows it: method and target as sent.
struct RequestLine {
  std::string method;
  std::string target;
};

struct ResponseView {
  int status = 0;
  const Headers* headers = nullptr;
  std::string_view body;
};

// What `response` (to `request`, when known) does differently from the
// spec; empty when nothing. See the comment above its definition for which
// part of the spec answers which response. Throws SpecError.
std::vector<std::string> check_response(const OpenApiSpec& spec, const std::optional<RequestLine>& request,
                                        const ResponseView& response);

}  // namespace agora::test::openapi
