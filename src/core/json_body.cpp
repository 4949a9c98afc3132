#include "core/json_body.hpp"

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <set>
#include <vector>

namespace agora {
namespace {

// A SAX pass that finds a key appearing twice in one object. Boost.JSON's
// DOM parser keeps the last of them silently; a client (or a proxy in
// between) may read the first, so two readers of one body would disagree.
struct DuplicateKeyFinder {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  std::vector<std::set<std::string, std::less<>>> objects;  // keys seen, per open object
  std::string key;                                          // the key being read (may come in parts)
  std::optional<std::string> duplicate;

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code&) {
    objects.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, boost::system::error_code&) {
    objects.pop_back();
    return true;
  }
  bool on_array_begin(boost::system::error_code&) { return true; }
  bool on_array_end(std::size_t, boost::system::error_code&) { return true; }
  bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&) {
    key.append(s.data(), s.size());
    return true;
  }
  bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code& ec) {
    key.append(s.data(), s.size());
    if (!objects.back().insert(key).second) {
      duplicate = key;
      ec = boost::json::error::syntax;  // stops the parser
      return false;
    }
    key.clear();
    return true;
  }
  bool on_string_part(boost::json::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_string(boost::json::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_number_part(boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t, boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_uint64(std::uint64_t, boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_double(double, boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_bool(bool, boost::system::error_code&) { return true; }
  bool on_null(boost::system::error_code&) { return true; }
  bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }
};

// The first key that appears twice in one object of `body` (well-formed JSON).
std::optional<std::string> duplicate_key(std::string_view body, const boost::json::parse_options& opts) {
  boost::json::basic_parser<DuplicateKeyFinder> parser(opts);
  boost::system::error_code ec;
  parser.write_some(false, body.data(), body.size(), ec);
  return parser.handler().duplicate;
}

}  // namespace

struct JsonBody::Impl {
  boost::json::object object;
  std::set<std::string, std::less<>> read;  // fields an accessor asked for
};

JsonBody::JsonBody(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JsonBody::JsonBody(JsonBody&&) noexcept = default;
JsonBody::~JsonBody() = default;

JsonBody JsonBody::parse(std::string_view content_type, std::string_view body) {
  const auto semi = content_type.find(';');
  auto media = content_type.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lower(media);
  for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (lower != "application/json")
    throw Problem(415, "unsupported-media-type", "Unsupported media type", "Send the body as application/json.");

  // Uploads need a larger request limit than any JSON document does; JSON
  // bodies keep their own, smaller cap.
  if (body.size() > kMaxJsonBytes)
    throw Problem(413, "body-too-large", "Payload too large",
                  "JSON bodies are limited to " + std::to_string(kMaxJsonBytes) + " bytes.");
  boost::json::parse_options opts;
  opts.max_depth = 32;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec, {}, opts);
  if (ec) throw Problem::bad_request("The body is not valid JSON (or not valid UTF-8): " + ec.message() + ".");
  if (!v.is_object()) throw Problem::bad_request("The body must be a JSON object.");
  if (auto dup = duplicate_key(body, opts)) {
    const std::string which = dup->size() <= 64 ? "\"" + *dup + "\"" : "a key";  // (not cut inside a character)
    throw Problem::bad_request("The body has " + which + " more than once; send each field once.");
  }
  auto impl = std::make_unique<Impl>();
  impl->object = std::move(v.as_object());
  return JsonBody(std::move(impl));
}

std::optional<std::string> JsonBody::optional_string(std::string_view field, std::size_t max_bytes) {
  impl_->read.emplace(field);
  const auto* v = impl_->object.if_contains(field);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    errors_.push_back({std::string(field), "must be a string"});
    return std::nullopt;
  }
  const auto& s = v->get_string();
  if (s.size() > max_bytes) {
    errors_.push_back({std::string(field), "is too long (at most " + std::to_string(max_bytes) + " bytes)"});
    return std::nullopt;
  }
  // PostgreSQL text cannot hold NUL; refuse it here rather than fail in SQL.
  if (std::string_view(s).find('\0') != std::string_view::npos) {
    errors_.push_back({std::string(field), "must not contain NUL characters"});
    return std::nullopt;
  }
  return std::string(s);
}

std::string JsonBody::required_string(std::string_view field, std::size_t max_bytes) {
  const bool present = impl_->object.if_contains(field) && !impl_->object.at(field).is_null();
  auto v = optional_string(field, max_bytes);
  if (!present) errors_.push_back({std::string(field), "is required"});
  return v.value_or(std::string());
}

std::optional<std::int64_t> JsonBody::optional_int(std::string_view field) {
  impl_->read.emplace(field);
  const auto* v = impl_->object.if_contains(field);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= std::uint64_t(INT64_MAX)) return std::int64_t(v->get_uint64());
  errors_.push_back({std::string(field), "must be an integer"});
  return std::nullopt;
}

std::optional<std::vector<std::string>> JsonBody::optional_string_array(std::string_view field, std::size_t max_items,
                                                                        std::size_t max_bytes) {
  impl_->read.emplace(field);
  const auto* v = impl_->object.if_contains(field);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_array()) {
    errors_.push_back({std::string(field), "must be an array of strings"});
    return std::nullopt;
  }
  const auto& a = v->get_array();
  if (a.size() > max_items) {
    errors_.push_back({std::string(field), "has too many items (at most " + std::to_string(max_items) + ")"});
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : a) {
    if (!item.is_string() || item.get_string().size() > max_bytes ||
        std::string_view(item.get_string()).find('\0') != std::string_view::npos) {
      errors_.push_back({std::string(field), "items must be strings of at most " + std::to_string(max_bytes) +
                                                 " bytes without NUL characters"});
      return std::nullopt;
    }
    out.emplace_back(item.get_string());
  }
  return out;
}

std::optional<bool> JsonBody::optional_bool(std::string_view field) {
  impl_->read.emplace(field);
  const auto* v = impl_->object.if_contains(field);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_bool()) return v->get_bool();
  errors_.push_back({std::string(field), "must be true or false"});
  return std::nullopt;
}

void JsonBody::finish() {
  for (const auto& kv : impl_->object)
    if (!impl_->read.count(std::string_view(kv.key())))
      errors_.push_back({std::string(kv.key().substr(0, 64)), "is not an accepted field"});
  if (!errors_.empty()) throw Problem::validation(errors_);
}

}  // namespace agora
