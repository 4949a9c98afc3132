#include "support/openapi_validator.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>

namespace agora::test::openapi {
namespace json = boost::json;

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A value for a message: its JSON text, shortened.
std::string show(const json::value& v, std::size_t limit = 80) {
  std::string s = json::serialize(v);
  return s.size() > limit ? s.substr(0, limit - 3) + "..." : s;
}

// ------------------------------------------------------------------ YAML

std::string yaml_where(const YAML::Node& n) {
  const auto line = n.Mark().line;
  return line >= 0 ? " (line " + std::to_string(line + 1) + ")" : "";
}

constexpr std::string_view kCoreTag = "tag:yaml.org,2002:";

bool all_of_chars(std::string_view s, bool (*ok)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), ok); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// YAML 1.2 core schema integers: [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+.
std::optional<json::value> core_int(std::string_view s, const YAML::Node& n) {
  int base = 10;
  bool negative = false;
  std::string_view digits = s;
  if (starts_with(s, "0o") && all_of_chars(s.substr(2), is_octal)) {
    base = 8;
    digits = s.substr(2);
  } else if (starts_with(s, "0x") && all_of_chars(s.substr(2), is_hex)) {
    base = 16;
    digits = s.substr(2);
  } else {
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) {
      negative = digits.front() == '-';
      digits.remove_prefix(1);
    }
    if (!all_of_chars(digits, is_digit)) return std::nullopt;
  }
  std::uint64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  const auto limit = std::uint64_t(std::numeric_limits<std::int64_t>::max()) + (negative ? 1 : 0);
  if (ec != std::errc() || end != digits.data() + digits.size() || (negative && magnitude > limit))
    throw SpecError("YAML integer " + std::string(s) + " does not fit 64 bits" + yaml_where(n));
  if (negative)
    return json::value(magnitude == limit ? std::numeric_limits<std::int64_t>::min() : -std::int64_t(magnitude));
  if (magnitude <= limit) return json::value(std::int64_t(magnitude));
  return json::value(magnitude);
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, and the infinities
// and NaN, which JSON cannot hold.
std::optional<json::value> core_float(std::string_view s, const YAML::Node& n) {
  static const std::regex number(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  static const std::regex special(R"([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))");
  const std::string text(s);
  if (std::regex_match(text, special))
    throw SpecError("YAML value " + text + " has no JSON equivalent" + yaml_where(n));
  if (!std::regex_match(text, number)) return std::nullopt;
  std::string_view unsigned_part = s;
  if (unsigned_part.front() == '+') unsigned_part.remove_prefix(1);
  double d = 0;
  const auto [end, ec] = std::from_chars(unsigned_part.data(), unsigned_part.data() + unsigned_part.size(), d);
  if (ec != std::errc() || end != unsigned_part.data() + unsigned_part.size() || !std::isfinite(d))
    throw SpecError("YAML number " + text + " is out of range" + yaml_where(n));
  return json::value(d);
}

bool is_null_word(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }
std::optional<bool> core_bool(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

// A plain (unquoted, untagged) scalar, resolved by the core schema.
json::value plain_scalar(const std::string& s, const YAML::Node& n) {
  if (is_null_word(s)) return nullptr;
  if (auto b = core_bool(s)) return *b;
  if (auto i = core_int(s, n)) return *i;
  if (auto f = core_float(s, n)) return *f;
  return json::string(s);
}

json::value tagged_scalar(const std::string& tag, const std::string& s, const YAML::Node& n) {
  const std::string name = starts_with(tag, kCoreTag) ? tag.substr(kCoreTag.size()) : std::string();
  if (name == "str") return json::string(s);
  if (name == "null" && is_null_word(s)) return nullptr;
  if (name == "bool")
    if (auto b = core_bool(s)) return *b;
  if (name == "int")
    if (auto i = core_int(s, n)) return *i;
  if (name == "float") {
    if (auto i = core_int(s, n)) return double(i->is_int64() ? double(i->as_int64()) : double(i->as_uint64()));
    if (auto f = core_float(s, n)) return *f;
  }
  throw SpecError("YAML scalar '" + s + "' with tag " + tag + " is not supported" + yaml_where(n));
}

json::value to_json(const YAML::Node& n) {
  const std::string& tag = n.Tag();
  switch (n.Type()) {
    case YAML::NodeType::Null:
      if (tag.empty() || tag == "?" || tag == std::string(kCoreTag) + "null") return nullptr;
      if (tag == "!") return json::string();
      return tagged_scalar(tag, "", n);
    case YAML::NodeType::Scalar:
      if (tag == "?") return plain_scalar(n.Scalar(), n);
      if (tag == "!") return json::string(n.Scalar());  // quoted or block scalar: always a string
      return tagged_scalar(tag, n.Scalar(), n);
    case YAML::NodeType::Sequence: {
      if (tag != "?" && tag != "!" && tag != std::string(kCoreTag) + "seq")
        throw SpecError("YAML sequence tag " + tag + " is not supported" + yaml_where(n));
      json::array out;
      for (const auto& item : n) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      if (tag != "?" && tag != "!" && tag != std::string(kCoreTag) + "map")
        throw SpecError("YAML mapping tag " + tag + " is not supported" + yaml_where(n));
      json::object out;
      for (const auto& kv : n) {
        if (!kv.first.IsScalar()) throw SpecError("YAML mapping key that is not a scalar" + yaml_where(kv.first));
        const std::string& key = kv.first.Scalar();
        // YAML 1.2 has no merge keys; yaml-cpp would keep "<<" as a plain key.
        if (key == "<<" && kv.first.Tag() == "?")
          throw SpecError("YAML merge keys (<<) are not supported" + yaml_where(kv.first));
        // yaml-cpp keeps the last of duplicate keys; YAML forbids them.
        if (out.contains(key)) throw SpecError("duplicate YAML key '" + key + "'" + yaml_where(kv.first));
        out.emplace(key, to_json(kv.second));
      }
      return out;
    }
    case YAML::NodeType::Undefined:
      break;
  }
  throw SpecError("undefined YAML node" + yaml_where(n));
}

// ------------------------------------------------------------------ pointers

std::string escape_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoded; nullopt when an escape is malformed.
std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size() || hex_digit(s[i + 1]) < 0 || hex_digit(s[i + 2]) < 0) return std::nullopt;
    out += char(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
    i += 2;
  }
  return out;
}

// "#/a/b~1c" or "/a/b~1c" → {"a", "b/c"}; a '#' fragment is percent-decoded first.
std::vector<std::string> pointer_tokens(std::string_view pointer) {
  std::string text(pointer);
  if (starts_with(pointer, "#")) {
    auto decoded = percent_decode(pointer.substr(1));
    if (!decoded) throw SpecError("malformed JSON pointer " + text);
    text = *decoded;
  }
  if (text.empty()) return {};
  if (text.front() != '/') throw SpecError("JSON pointer " + std::string(pointer) + " does not start with '/'");
  std::vector<std::string> out;
  std::size_t start = 1;
  for (;;) {
    const auto slash = text.find('/', start);
    std::string raw = text.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    std::string token;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '~') token += raw[i];
      else if (i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) token += raw[++i] == '0' ? '~' : '/';
      else throw SpecError("malformed JSON pointer " + std::string(pointer));
    }
    out.push_back(std::move(token));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

std::string fragment(std::string_view pointer) {
  return starts_with(pointer, "#") ? std::string(pointer) : "#" + std::string(pointer);
}

// ------------------------------------------------------------------ formats

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// `len` decimal digits of `s` at `at` into `out`.
bool digits_at(std::string_view s, std::size_t at, std::size_t len, int& out) {
  if (at + len > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + len; ++i) {
    if (!is_digit(s[i])) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// RFC 3339 full-date at the start of `s`: 2026-02-29 only in a leap year.
bool starts_with_full_date(std::string_view s) {
  int y, mo, d;
  if (!digits_at(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits_at(s, 5, 2, mo) || s[7] != '-' ||
      !digits_at(s, 8, 2, d))
    return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return mo >= 1 && mo <= 12 && d >= 1 && d <= kDays[mo - 1] + (mo == 2 && leap(y) ? 1 : 0);
}

// RFC 3339 full-date (OpenAPI's "date"): 2026-01-01.
bool is_date(std::string_view s) { return s.size() == 10 && starts_with_full_date(s); }

// RFC 3339 date-time: 2026-01-01T12:00:00.123456Z, offsets as ±hh:mm.
bool is_date_time(std::string_view s) {
  auto num = [&](std::size_t at, std::size_t len, int& out) { return digits_at(s, at, len, out); };
  int h, mi, sec;
  if (s.size() < 20 || !starts_with_full_date(s)) return false;
  if (s[10] != 'T' && s[10] != 't') return false;
  if (!num(11, 2, h) || s[13] != ':' || !num(14, 2, mi) || s[16] != ':' || !num(17, 2, sec)) return false;
  if (h > 23 || mi > 59 || sec > 60) return false;  // 60: a leap second
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    const std::size_t digits = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == digits) return false;
  }
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) return i + 1 == s.size();
  int oh, om;
  return i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && num(i + 1, 2, oh) && s[i + 3] == ':' &&
         num(i + 4, 2, om) && oh <= 23 && om <= 59;
}

// RFC 5321 Mailbox in its dot-atom form (what the server accepts; quoted
// local parts and address literals are not): local@domain.
bool is_email(std::string_view s) {
  const auto at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const auto local = s.substr(0, at), domain = s.substr(at + 1);
  static const std::string_view kAtext = "!#$%&'*+/=?^_`{|}~-";
  for (std::size_t i = 0; i < local.size(); ++i) {
    const char c = local[i];
    if (c == '.') {
      if (i == 0 || i + 1 == local.size() || local[i - 1] == '.') return false;
    } else if (!std::isalnum(static_cast<unsigned char>(c)) && kAtext.find(c) == std::string_view::npos) {
      return false;
    }
  }
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t start = 0;
  for (;;) {
    const auto dot = domain.find('.', start);
    const auto label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// RFC 3986 URI-reference: only URI characters, well-formed %XX escapes, one
// '#' at most, and a scheme that is one when a ':' comes before any '/?#'.
bool is_uri_reference(std::string_view s) {
  static const std::string_view kAllowed = "-._~:/?#[]@!$&'()*+,;=%";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && kAllowed.find(c) == std::string_view::npos) return false;
    if (c == '%' && (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))) return false;
  }
  if (std::count(s.begin(), s.end(), '#') > 1) return false;
  const auto colon = s.find(':'), first_delim = s.find_first_of("/?#");
  if (colon != std::string_view::npos && (first_delim == std::string_view::npos || colon < first_delim)) {
    const auto scheme = s.substr(0, colon);
    if (scheme.empty() || !std::isalpha(static_cast<unsigned char>(scheme.front()))) return false;
    for (char c : scheme)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

// ------------------------------------------------------------------ values

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// -1, 0, 1 for numbers, exact for integers of either signedness.
int compare_numbers(const json::value& a, const json::value& b) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : y < x ? 1 : 0; };
  if (a.is_double() || b.is_double()) return sign(a.to_number<double>(), b.to_number<double>());
  if (a.is_int64() && b.is_int64()) return sign(a.get_int64(), b.get_int64());
  if (a.is_uint64() && b.is_uint64()) return sign(a.get_uint64(), b.get_uint64());
  if (a.is_int64()) return a.get_int64() < 0 ? -1 : sign(std::uint64_t(a.get_int64()), b.get_uint64());
  return b.get_int64() < 0 ? 1 : sign(a.get_uint64(), std::uint64_t(b.get_int64()));
}

bool is_number(const json::value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }

// JSON Schema equality: 1 equals 1.0, object member order does not matter.
bool json_equal(const json::value& a, const json::value& b) {
  if (is_number(a) && is_number(b)) return compare_numbers(a, b) == 0;
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto &x = a.get_array(), &y = b.get_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!json_equal(x[i], y[i])) return false;
    return true;
  }
  if (a.is_object()) {
    const auto &x = a.get_object(), &y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& kv : x) {
      const auto* other = y.if_contains(kv.key());
      if (!other || !json_equal(kv.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

bool has_type(const json::value& v, std::string_view type) {
  if (type == "null") return v.is_null();
  if (type == "boolean") return v.is_bool();
  if (type == "string") return v.is_string();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  if (type == "number") return is_number(v);
  if (type == "integer")
    return v.is_int64() || v.is_uint64() ||
           (v.is_double() && std::isfinite(v.get_double()) && std::floor(v.get_double()) == v.get_double());
  return false;
}

std::string type_of(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
    default:
      return has_type(v, "integer") ? "an integer" : "a number";
  }
}

constexpr std::array<std::string_view, 7> kTypes = {"null",   "boolean", "string", "array",
                                                    "object", "number",  "integer"};
// "binary" (raw bytes, e.g. an image body) constrains nothing a string could break.
constexpr std::array<std::string_view, 6> kFormats = {"date", "date-time", "email", "uri-reference", "int64", "binary"};
// Keywords that only annotate: nothing to check, nothing to reject.
constexpr std::array<std::string_view, 9> kAnnotations = {
    "title", "description", "default", "examples", "example", "deprecated", "readOnly", "writeOnly", "$comment"};

template <std::size_t N>
bool is_one_of(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

json::value yaml_to_json(std::string_view yaml_text) {
  try {
    return to_json(YAML::Load(std::string(yaml_text)));
  } catch (const YAML::Exception& e) {
    throw SpecError(std::string("YAML: ") + e.what());
  }
}

json::value load_yaml_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SpecError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return yaml_to_json(text.str());
  } catch (const SpecError& e) {
    throw SpecError(path + ": " + e.what());
  }
}

std::string to_string(const Violation& v) {
  return (v.instance.empty() ? std::string("(root)") : v.instance) + ": " + v.message + "  [" + v.schema + "]";
}

// ------------------------------------------------------------------ schemas

struct SchemaValidator::Impl {
  json::value doc;
  std::mutex mutex;  // guards the two caches
  std::map<std::string, std::shared_ptr<const std::regex>, std::less<>> regexes;
  std::set<std::string, std::less<>> checked;  // schema pointers check_schema passed

  const json::value& resolve(std::string_view pointer) const {
    const json::value* at = &doc;
    for (const auto& token : pointer_tokens(pointer)) {
      if (const auto* o = at->if_object()) {
        at = o->if_contains(token);
      } else if (const auto* a = at->if_array()) {
        std::size_t i = 0;
        const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), i);
        at = ec == std::errc() && end == token.data() + token.size() && i < a->size() ? &(*a)[i] : nullptr;
      } else {
        at = nullptr;
      }
      if (!at) throw SpecError(fragment(pointer) + " does not resolve");
    }
    return *at;
  }

  // The fragment a "$ref" names; only references inside this document.
  static std::string ref_target(const json::value& ref, const std::string& where) {
    if (!ref.is_string() || !starts_with(ref.get_string(), "#"))
      throw SpecError(where + ": only local $refs (\"#/...\") are supported, not " + show(ref));
    return std::string(ref.get_string());
  }

  std::shared_ptr<const std::regex> regex(const std::string& pattern, const std::string& where) {
    std::lock_guard lock(mutex);
    auto& slot = regexes[pattern];
    if (!slot) {
      try {
        slot = std::make_shared<const std::regex>(pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        regexes.erase(pattern);
        throw SpecError(where + ": pattern " + pattern + " is not an ECMAScript regex: " + e.what());
      }
    }
    return slot;
  }

  void check(std::string_view pointer);
  void evaluate(const json::value& schema, const std::string& where, const json::value& instance, const std::string& at,
                std::vector<Violation>& out);
};

// check_schema, in two passes over every schema reachable from `pointer`:
// each one's keywords, then cycles among the edges that keep evaluating the
// same instance ($ref, allOf, anyOf, oneOf). Cycles through properties or
// items are fine (recursive data): each step reaches a smaller instance.
void SchemaValidator::Impl::check(std::string_view pointer) {
  {
    std::lock_guard lock(mutex);
    if (checked.count(fragment(pointer))) return;
  }
  struct Node {
    std::string where;
    std::vector<const json::value*> same_instance;  // successors that see the same instance
  };
  std::map<const json::value*, Node> nodes;
  std::vector<std::pair<const json::value*, std::string>> todo = {{&resolve(pointer), fragment(pointer)}};

  auto non_negative = [](const json::value& v) { return (v.is_int64() && v.get_int64() >= 0) || v.is_uint64(); };
  while (!todo.empty()) {
    const auto [schema, where] = todo.back();
    todo.pop_back();
    if (nodes.count(schema)) continue;
    Node& node = nodes[schema];
    node.where = where;
    if (schema->is_bool()) continue;
    if (!schema->is_object())
      throw SpecError(where + ": a schema must be an object or a boolean, not " + show(*schema));
    auto sub = [&](const json::value& s, const std::string& w, bool same) {
      todo.emplace_back(&s, w);
      if (same) node.same_instance.push_back(&s);
    };
    for (const auto& kv : schema->get_object()) {
      const std::string key(kv.key());
      const json::value& v = kv.value();
      const std::string w = where + "/" + escape_token(key);
      auto bad = [&](const std::string& what) { return SpecError(w + ": " + what + ", not " + show(v)); };
      if (is_one_of(kAnnotations, key) || starts_with(key, "x-")) continue;
      if (key == "$ref") {
        const std::string target = ref_target(v, w);
        sub(resolve(target), target, true);
      } else if (key == "$defs") {
        if (!v.is_object()) throw bad("must be an object");
        for (const auto& d : v.get_object()) sub(d.value(), w + "/" + escape_token(d.key()), false);
      } else if (key == "type") {
        const bool ok_one = v.is_string() && is_one_of(kTypes, v.get_string());
        bool ok_many = v.is_array() && !v.get_array().empty();
        if (v.is_array())
          for (const auto& t : v.get_array()) ok_many = ok_many && t.is_string() && is_one_of(kTypes, t.get_string());
        if (!ok_one && !ok_many) throw bad("must be a type name or a non-empty array of them");
      } else if (key == "enum") {
        if (!v.is_array() || v.get_array().empty()) throw bad("must be a non-empty array");
      } else if (key == "const") {
      } else if (key == "properties") {
        if (!v.is_object()) throw bad("must be an object");
        for (const auto& p : v.get_object()) sub(p.value(), w + "/" + escape_token(p.key()), false);
      } else if (key == "required") {
        if (!v.is_array()) throw bad("must be an array of property names");
        for (const auto& r : v.get_array())
          if (!r.is_string()) throw bad("must be an array of property names");
      } else if (key == "additionalProperties" || key == "items") {
        // items as an array is the pre-2020-12 tuple form (now prefixItems).
        if (!v.is_object() && !v.is_bool()) throw bad("must be a schema");
        sub(v, w, false);
      } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        if (!v.is_array() || v.get_array().empty()) throw bad("must be a non-empty array of schemas");
        for (std::size_t i = 0; i < v.get_array().size(); ++i) sub(v.get_array()[i], w + "/" + std::to_string(i), true);
      } else if (key == "minimum" || key == "maximum") {
        if (!is_number(v)) throw bad("must be a number");
      } else if (key == "minLength" || key == "maxLength" || key == "minItems" || key == "maxItems") {
        if (!non_negative(v)) throw bad("must be a non-negative integer");
      } else if (key == "pattern") {
        if (!v.is_string()) throw bad("must be a string");
        regex(std::string(v.get_string()), w);
      } else if (key == "format") {
        if (!v.is_string() || !is_one_of(kFormats, v.get_string()))
          throw bad(
              "is not a format this validator checks (date, date-time, email, uri-reference, int64, binary); implement "
              "it in "
              "tests/support/openapi_validator.cpp");
      } else {
        throw SpecError(w + ": JSON Schema keyword '" + key +
                        "' is not implemented by tests/support/openapi_validator.cpp; implement it there before the "
                        "spec uses it");
      }
    }
  }

  // Depth-first search for a cycle among same-instance edges.
  std::map<const json::value*, int> state;  // 1 on the current path, 2 done
  std::vector<const json::value*> path;
  auto visit = [&](auto&& self, const json::value* n) -> void {
    state[n] = 1;
    path.push_back(n);
    for (const auto* next : nodes[n].same_instance) {
      if (state[next] == 1) {
        std::string cycle;
        for (auto it = std::find(path.begin(), path.end(), next); it != path.end(); ++it)
          cycle += nodes[*it].where + " -> ";
        throw SpecError("$ref cycle that never reaches a smaller part of the instance: " + cycle + nodes[next].where);
      }
      if (state[next] == 0) self(self, next);
    }
    path.pop_back();
    state[n] = 2;
  };
  for (const auto& [n, node] : nodes)
    if (state[n] == 0) visit(visit, n);

  std::lock_guard lock(mutex);
  checked.emplace(fragment(pointer));
}

// Applies every keyword of `schema` (at `where`) to `instance` (at `at`).
// check() has vetted the schema, so keyword values have the right shapes and
// no evaluation loops on one instance.
void SchemaValidator::Impl::evaluate(const json::value& schema, const std::string& where, const json::value& instance,
                                     const std::string& at, std::vector<Violation>& out) {
  if (schema.is_bool()) {
    if (!schema.get_bool()) out.push_back({at, where, "no value is allowed here (the schema is false)"});
    return;
  }
  const auto& s = schema.get_object();
  auto fail = [&](const std::string& key, std::string message, const std::string& instance_at) {
    out.push_back({instance_at, where + "/" + escape_token(key), std::move(message)});
  };
  for (const auto& kv : s) {
    const std::string key(kv.key());
    const json::value& v = kv.value();
    const std::string w = where + "/" + escape_token(key);
    if (is_one_of(kAnnotations, key) || starts_with(key, "x-") || key == "$defs") continue;
    if (key == "$ref") {
      const std::string target = ref_target(v, w);
      evaluate(resolve(target), target, instance, at, out);
    } else if (key == "type") {
      std::vector<std::string> types;
      if (v.is_string()) types.emplace_back(v.get_string());
      else
        for (const auto& t : v.get_array()) types.emplace_back(t.get_string());
      if (std::none_of(types.begin(), types.end(), [&](const std::string& t) { return has_type(instance, t); })) {
        std::string want;
        for (const auto& t : types) want += (want.empty() ? "" : " or ") + t;
        fail(key, "is " + type_of(instance) + ", expected " + want, at);
      }
    } else if (key == "enum") {
      const auto& options = v.get_array();
      if (std::none_of(options.begin(), options.end(), [&](const json::value& o) { return json_equal(o, instance); }))
        fail(key, show(instance) + " is not one of " + show(v, 1000), at);
    } else if (key == "const") {
      if (!json_equal(v, instance)) fail(key, show(instance) + " is not " + show(v), at);
    } else if (key == "properties") {
      if (!instance.is_object()) continue;
      for (const auto& p : v.get_object())
        if (const auto* member = instance.get_object().if_contains(p.key()))
          evaluate(p.value(), w + "/" + escape_token(p.key()), *member, at + "/" + escape_token(p.key()), out);
    } else if (key == "required") {
      if (!instance.is_object()) continue;
      for (const auto& name : v.get_array())
        if (!instance.get_object().contains(name.get_string()))
          fail(key, "required property \"" + std::string(name.get_string()) + "\" is missing", at);
    } else if (key == "additionalProperties") {
      if (!instance.is_object()) continue;
      const auto* declared = s.if_contains("properties");
      for (const auto& m : instance.get_object()) {
        if (declared && declared->get_object().contains(m.key())) continue;
        const std::string member_at = at + "/" + escape_token(m.key());
        if (v.is_bool() && !v.get_bool())
          fail(key, "property \"" + std::string(m.key()) + "\" is not allowed", member_at);
        else evaluate(v, w, m.value(), member_at, out);
      }
    } else if (key == "items") {
      if (!instance.is_array()) continue;
      const auto& a = instance.get_array();
      for (std::size_t i = 0; i < a.size(); ++i) evaluate(v, w, a[i], at + "/" + std::to_string(i), out);
    } else if (key == "allOf") {
      for (std::size_t i = 0; i < v.get_array().size(); ++i)
        evaluate(v.get_array()[i], w + "/" + std::to_string(i), instance, at, out);
    } else if (key == "anyOf" || key == "oneOf") {
      const auto& options = v.get_array();
      std::vector<std::size_t> passed;
      std::string why;
      for (std::size_t i = 0; i < options.size(); ++i) {
        std::vector<Violation> branch;
        evaluate(options[i], w + "/" + std::to_string(i), instance, at, branch);
        if (branch.empty()) passed.push_back(i);
        else why += "; [" + std::to_string(i) + "] " + to_string(branch.front());
      }
      if (passed.empty()) {
        fail(key, "matches none of the " + std::to_string(options.size()) + " " + key + " schemas" + why, at);
      } else if (key == "oneOf" && passed.size() > 1) {
        std::string which;
        for (auto i : passed) which += (which.empty() ? "" : ", ") + std::to_string(i);
        fail(key, "matches " + std::to_string(passed.size()) + " oneOf schemas (" + which + "), exactly one expected",
             at);
      }
    } else if (key == "minimum" || key == "maximum") {
      if (!is_number(instance)) continue;
      const int c = compare_numbers(instance, v);
      if (key == "minimum" && c < 0) fail(key, show(instance) + " is less than the minimum " + show(v), at);
      if (key == "maximum" && c > 0) fail(key, show(instance) + " is more than the maximum " + show(v), at);
    } else if (key == "minLength" || key == "maxLength") {
      if (!instance.is_string()) continue;
      const auto n = code_points(instance.get_string());
      const auto limit = v.to_number<std::uint64_t>();
      if (key == "minLength" && n < limit)
        fail(key, "is " + std::to_string(n) + " characters long, at least " + show(v) + " required", at);
      if (key == "maxLength" && n > limit)
        fail(key, "is " + std::to_string(n) + " characters long, at most " + show(v) + " allowed", at);
    } else if (key == "minItems" || key == "maxItems") {
      if (!instance.is_array()) continue;
      const auto n = instance.get_array().size();
      const auto limit = v.to_number<std::uint64_t>();
      if (key == "minItems" && n < limit)
        fail(key, "has " + std::to_string(n) + " items, at least " + show(v) + " required", at);
      if (key == "maxItems" && n > limit)
        fail(key, "has " + std::to_string(n) + " items, at most " + show(v) + " allowed", at);
    } else if (key == "pattern") {
      if (!instance.is_string()) continue;
      const auto re = regex(std::string(v.get_string()), w);
      const auto& text = instance.get_string();
      if (!std::regex_search(text.begin(), text.end(), *re))
        fail(key, show(instance) + " does not match " + std::string(v.get_string()), at);
    } else if (key == "format") {
      // int64 needs nothing beyond "type: integer"; the others apply to strings only.
      if (!instance.is_string()) continue;
      const std::string_view text = instance.get_string();
      const std::string_view format = v.get_string();
      if (format == "date" && !is_date(text)) fail(key, show(instance) + " is not an RFC 3339 full-date", at);
      if (format == "date-time" && !is_date_time(text)) fail(key, show(instance) + " is not an RFC 3339 date-time", at);
      if (format == "email" && !is_email(text)) fail(key, show(instance) + " is not an email address", at);
      if (format == "uri-reference" && !is_uri_reference(text))
        fail(key, show(instance) + " is not an RFC 3986 URI reference", at);
    } else {
      throw SpecError(w + ": JSON Schema keyword '" + key + "' is not implemented");  // check() rejects it first
    }
  }
}

SchemaValidator::SchemaValidator(json::value document) : impl_(std::make_unique<Impl>()) {
  impl_->doc = std::move(document);
}
SchemaValidator::~SchemaValidator() = default;
SchemaValidator::SchemaValidator(SchemaValidator&&) noexcept = default;
SchemaValidator& SchemaValidator::operator=(SchemaValidator&&) noexcept = default;

const json::value& SchemaValidator::document() const { return impl_->doc; }
const json::value& SchemaValidator::resolve(std::string_view pointer) const { return impl_->resolve(pointer); }
void SchemaValidator::check_schema(std::string_view pointer) const { impl_->check(pointer); }

std::vector<Violation> SchemaValidator::validate(const json::value& instance, std::string_view schema_pointer) const {
  impl_->check(schema_pointer);
  std::vector<Violation> out;
  impl_->evaluate(impl_->resolve(schema_pointer), fragment(schema_pointer), instance, "", out);
  return out;
}

// ------------------------------------------------------------------ the spec

namespace {

constexpr std::array<const char*, 8> kMethods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;  // empty segments dropped, as the router does
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const std::size_t start = i;
    while (i < path.size() && path[i] != '/') ++i;
    if (i > start) out.push_back(path.substr(start, i - start));
  }
  return out;
}

bool is_parameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Follows "$ref"s from `pointer` to the object they end at.
std::pair<const json::object*, std::string> follow(const SchemaValidator& doc, std::string pointer, const char* what) {
  for (int hops = 0; hops < 16; ++hops) {
    const json::value& v = doc.resolve(pointer);
    if (!v.is_object()) throw SpecError(fragment(pointer) + ": " + what + " must be an object");
    const auto* ref = v.get_object().if_contains("$ref");
    if (!ref) return {&v.get_object(), fragment(pointer)};
    if (!ref->is_string() || !starts_with(ref->get_string(), "#"))
      throw SpecError(fragment(pointer) + ": only local $refs are supported");
    pointer = std::string(ref->get_string());
  }
  throw SpecError(fragment(pointer) + ": $ref chain too long (a cycle?)");
}

// Every place a schema may stand in an OpenAPI document, as the "schema" of
// a media type, parameter or header, or under components/schemas. Example
// values are data, not schemas, and are skipped.
void check_all_schemas(const SchemaValidator& doc, const json::value& v, const std::string& at) {
  if (const auto* a = v.if_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) check_all_schemas(doc, (*a)[i], at + "/" + std::to_string(i));
    return;
  }
  const auto* o = v.if_object();
  if (!o) return;
  for (const auto& kv : *o) {
    const std::string key(kv.key());
    const std::string here = at + "/" + escape_token(key);
    if (key == "example" || key == "examples" || starts_with(key, "x-")) continue;
    if (key == "schema") {
      doc.check_schema(here);
    } else if (key == "schemas" && at == "/components") {
      if (!kv.value().is_object()) throw SpecError("#/components/schemas must be an object");
      for (const auto& s : kv.value().get_object()) doc.check_schema(here + "/" + escape_token(s.key()));
    } else {
      check_all_schemas(doc, kv.value(), here);
    }
  }
}

}  // namespace

OpenApiSpec::OpenApiSpec(json::value document) : schemas_(std::move(document)) {
  const auto& doc = schemas_.document();
  const auto* version = doc.is_object() ? doc.get_object().if_contains("openapi") : nullptr;
  if (!version || !version->is_string() || !starts_with(version->get_string(), "3.1."))
    throw SpecError("not an OpenAPI 3.1 document (its schemas are JSON Schema 2020-12 only from 3.1 on)");
  const auto* paths = doc.get_object().if_contains("paths");
  if (!paths || !paths->is_object()) throw SpecError("#/paths is missing");
  for (const auto& p : paths->get_object()) {
    const std::string route(p.key());
    const std::string at = "/paths/" + escape_token(route);
    for (auto segment : split_path(route))
      if (segment.find_first_of("{}") != std::string_view::npos && !is_parameter(segment))
        throw SpecError("#" + at + ": only whole path segments can be parameters");
    if (!p.value().is_object() || p.value().get_object().contains("$ref"))
      throw SpecError("#" + at + ": path items must be objects without $ref");
    // Every response and header reference must resolve, used or not.
    for (const auto& method : kMethods) {
      const auto* op = p.value().get_object().if_contains(method);
      if (!op) continue;
      const auto* responses = op->is_object() ? op->get_object().if_contains("responses") : nullptr;
      if (!responses || !responses->is_object() || responses->get_object().empty())
        throw SpecError("#" + at + "/" + method + ": no responses");
      for (const auto& r : responses->get_object()) {
        const auto [response, where] =
            follow(schemas_, at + "/" + method + "/responses/" + escape_token(r.key()), "a response");
        if (const auto* headers = response->if_contains("headers")) {
          if (!headers->is_object()) throw SpecError(where + "/headers must be an object");
          for (const auto& h : headers->get_object()) {
            const auto [header, hwhere] = follow(schemas_, where + "/headers/" + escape_token(h.key()), "a header");
            if (header->contains("content"))
              throw SpecError(hwhere + ": headers described by content are not supported");
            if (const auto* style = header->if_contains("style");
                style && !(style->is_string() && style->get_string() == "simple"))
              throw SpecError(hwhere + ": only the simple header style is supported");
          }
        }
        if (const auto* content = response->if_contains("content"); content && !content->is_object())
          throw SpecError(where + "/content must be an object");
      }
    }
  }
  check_all_schemas(schemas_, doc, "");
}

OpenApiSpec OpenApiSpec::load(const std::string& path) {
  try {
    return OpenApiSpec(load_yaml_file(path));
  } catch (const SpecError& e) {
    throw SpecError(starts_with(e.what(), path) ? std::string(e.what()) : path + ": " + e.what());
  }
}

std::optional<std::string> OpenApiSpec::match_path(std::string_view path) const {
  const auto parts = split_path(path);
  std::optional<std::string> best;
  std::vector<bool> best_literals;
  for (const auto& p : schemas_.document().at("paths").get_object()) {
    const auto segments = split_path(p.key());
    if (segments.size() != parts.size()) continue;
    std::vector<bool> literals;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      literals.push_back(!is_parameter(segments[i]));
      ok = !literals.back() || segments[i] == parts[i];
    }
    // OpenAPI: concrete paths win over templated ones; the leftmost literal decides.
    if (ok && (!best || literals > best_literals)) {
      best = std::string(p.key());
      best_literals = literals;
    }
  }
  return best;
}

std::vector<std::string> OpenApiSpec::methods(std::string_view route) const {
  std::vector<std::string> out;
  const auto* item = schemas_.document().at("paths").get_object().if_contains(route);
  if (!item) return out;
  for (const auto& m : kMethods)
    if (item->get_object().contains(m)) {
      std::string upper = m;
      for (auto& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
      out.push_back(upper);
    }
  return out;
}

std::optional<ResponseRef> OpenApiSpec::find_response(std::string_view method, std::string_view route,
                                                      int status) const {
  const auto* item = schemas_.document().at("paths").get_object().if_contains(route);
  if (!item) return std::nullopt;
  std::string m = lower(method);
  if (m == "head" && !item->get_object().contains("head")) m = "get";
  const auto* op = item->get_object().if_contains(m);
  if (!op) return std::nullopt;
  const auto& responses = op->at("responses").get_object();
  const std::string code = std::to_string(status);
  for (const std::string& key : {code, code.substr(0, 1) + "XX", code.substr(0, 1) + "xx", std::string("default")}) {
    if (!responses.contains(key)) continue;
    const auto [object, where] =
        follow(schemas_, "/paths/" + escape_token(route) + "/" + m + "/responses/" + escape_token(key), "a response");
    return ResponseRef{object, where};
  }
  return std::nullopt;
}

// ------------------------------------------------------------------ responses

namespace {

std::vector<std::string> header_values(const Headers& headers, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (lower(k) == lower(name)) out.push_back(v);
  return out;
}

struct MediaType {
  std::string essence;                                      // "application/json", lower case
  std::vector<std::pair<std::string, std::string>> params;  // names and values lower case
};

MediaType parse_media_type(std::string_view text) {
  MediaType out;
  std::size_t start = 0;
  for (bool first = true;; first = false) {
    const auto semi = text.find(';', start);
    const auto part = trim(text.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
    if (first) {
      out.essence = lower(part);
    } else if (!part.empty()) {
      const auto eq = part.find('=');
      std::string value(eq == std::string_view::npos ? "" : trim(part.substr(eq + 1)));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      out.params.emplace_back(lower(trim(part.substr(0, eq))), lower(value));
    }
    if (semi == std::string_view::npos) return out;
    start = semi + 1;
  }
}

// How well the spec's media type `key` covers the response's: 3 same type,
// 2 "type/*", 1 "*/*", 0 not at all. The key's parameters must all be sent.
int media_match(const MediaType& key, const MediaType& sent) {
  for (const auto& p : key.params)
    if (std::find(sent.params.begin(), sent.params.end(), p) == sent.params.end()) return 0;
  if (key.essence == sent.essence) return 3;
  if (key.essence == "*/*") return 1;
  const auto slash = sent.essence.find('/');
  return key.essence == sent.essence.substr(0, slash) + "/*" ? 2 : 0;
}

bool is_json_media(const std::string& essence) {
  return essence == "application/json" || (essence.size() > 5 && essence.substr(essence.size() - 5) == "+json");
}

// A header's text as the instance for its schema: a number or boolean when
// the schema's type asks for one and the text is one, else the string.
json::value header_instance(const SchemaValidator& doc, const std::string& schema_pointer, const std::string& text) {
  const auto [schema, where] = follow(doc, schema_pointer, "a schema");
  std::vector<std::string> types;
  if (const auto* t = schema->if_contains("type")) {
    if (t->is_string()) types.emplace_back(t->get_string());
    if (t->is_array())
      for (const auto& x : t->get_array())
        if (x.is_string()) types.emplace_back(x.get_string());
  }
  auto wants = [&](const char* type) { return std::find(types.begin(), types.end(), type) != types.end(); };
  if (wants("integer") || wants("number")) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (!ec && is_number(v)) return v;
  }
  if (wants("boolean") && (text == "true" || text == "false")) return text == "true";
  return json::string(text);
}

// "body /user/id: message  [schema path]", or "header ETag: ..." for a whole value.
void add(std::vector<std::string>& out, const std::string& what, const std::vector<Violation>& violations) {
  for (const auto& v : violations)
    out.push_back(what + (v.instance.empty() ? "" : " " + v.instance) + ": " + v.message + "  [" + v.schema + "]");
}

// Problem bodies (RFC 9457) repeat the status, and ours the request id.
void check_problem_fields(const json::value& body, const ResponseView& response, std::vector<std::string>& out) {
  const auto* o = body.if_object();
  if (!o) return;
  if (const auto* status = o->if_contains("status");
      status && is_number(*status) && compare_numbers(*status, json::value(response.status)) != 0)
    out.push_back("body /status: " + show(*status) + " differs from the HTTP status " +
                  std::to_string(response.status));
  const auto ids = header_values(*response.headers, "X-Request-Id");
  if (const auto* id = o->if_contains("request_id");
      id && !ids.empty() && !(id->is_string() && id->get_string() == ids.front()))
    out.push_back("body /request_id: " + show(*id) + " differs from the X-Request-Id header \"" + ids.front() + "\"");
}

// A JSON body against the schema at `schema_pointer` (none: any JSON).
void check_json_body(const SchemaValidator& doc, const std::optional<std::string>& schema_pointer, bool problem,
                     const ResponseView& response, std::vector<std::string>& out) {
  boost::system::error_code ec;
  const json::value body = json::parse(response.body, ec);
  if (ec) {
    out.push_back("body is not JSON (" + ec.message() + ")");
    return;
  }
  if (schema_pointer) add(out, "body", doc.validate(body, *schema_pointer));
  if (problem) check_problem_fields(body, response, out);
}

// The response against the response object the spec declares for it.
void check_declared(const OpenApiSpec& spec, const ResponseRef& declared, bool head, const ResponseView& response,
                    std::vector<std::string>& out) {
  const auto& doc = spec.schemas();
  const auto& r = *declared.object;

  if (const auto* headers = r.if_contains("headers")) {
    for (const auto& h : headers->get_object()) {
      const std::string name(h.key());
      if (lower(name) == "content-type") continue;  // OpenAPI: described by `content`, ignored here
      const auto [header, where] = follow(doc, declared.pointer + "/headers/" + escape_token(name), "a header");
      const auto values = header_values(*response.headers, name);
      const auto* required = header->if_contains("required");
      if (values.empty() && required && required->is_bool() && required->get_bool())
        out.push_back("header " + name + " is required by " + where + " but missing");
      if (!header->contains("schema")) continue;
      for (const auto& text : values)
        add(out, "header " + name, doc.validate(header_instance(doc, where + "/schema", text), where + "/schema"));
    }
  }

  const auto* content = r.if_contains("content");
  const bool declares_body = content && !content->get_object().empty();
  if (response.status == 204 || response.status == 304) {
    if (!response.body.empty()) out.push_back("a " + std::to_string(response.status) + " must not have a body");
    if (declares_body) out.push_back(declared.pointer + " declares content for a " + std::to_string(response.status));
    return;
  }
  if (!declares_body) {
    if (!response.body.empty())
      out.push_back(declared.pointer + " declares no content, but the body has " +
                    std::to_string(response.body.size()) + " bytes");
    return;
  }
  std::string declared_types;
  for (const auto& m : content->get_object())
    declared_types += (declared_types.empty() ? "" : ", ") + std::string(m.key());
  const auto sent = header_values(*response.headers, "Content-Type");
  if (sent.empty()) {
    out.push_back("no Content-Type; " + declared.pointer + " declares " + declared_types);
    return;
  }
  const MediaType type = parse_media_type(sent.front());
  const json::key_value_pair* best = nullptr;
  int best_score = 0;
  for (const auto& m : content->get_object()) {
    const int score = media_match(parse_media_type(m.key()), type);
    if (score > best_score) {
      best = &m;
      best_score = score;
    }
  }
  if (!best) {
    out.push_back("Content-Type " + sent.front() + " is not declared by " + declared.pointer + " (it declares " +
                  declared_types + ")");
    return;
  }
  if (head) return;  // no body to check
  const std::string media_pointer = declared.pointer + "/content/" + escape_token(best->key());
  std::optional<std::string> schema;
  if (best->value().is_object() && best->value().get_object().contains("schema")) schema = media_pointer + "/schema";
  if (is_json_media(type.essence)) {
    check_json_body(doc, schema, type.essence == "application/problem+json", response, out);
  } else if (schema) {
    add(out, "body", doc.validate(json::string(response.body), *schema));
  }
}

}  // namespace

// Which part of the spec answers a response:
//
// 1. The path (query dropped, %XX decoded, empty segments ignored, as the
//    server routes) matches a path template, the method is one of its
//    operations (HEAD uses GET), and the operation lists the status (or its
//    range, or `default`): the response must match that response object.
//    HEAD responses are checked without a body.
// 2. Otherwise the response must be one the spec's Conventions allow on any
//    request, which are not repeated per operation: an application/
//    problem+json body that is a #/components/schemas/Problem with the
//    status's `type`:
//      400 bad-request, 408 timeout, 413 body-too-large,
//      431 header-too-large, 500 internal    on any request;
//      404 not-found                        only when no path template matches;
//      405 method-not-allowed               only when the path matches but the
//                                           method does not, with an Allow
//                                           header naming the path's methods.
//    So a test that deliberately requests an unknown path passes when the
//    server answers with the generic problem, and any other answer to it (a
//    200, a bare 404, a 422) is a violation, as is a status an operation
//    does not list.
// 3. Interim 1xx responses are not described by OpenAPI and not checked.
//    Nor is the web app (src/web, when a test serves a build): a 200 or 304
//    that is not JSON, to a GET or HEAD of a path outside /api/ that no path
//    template matches. Anything else there (a JSON 200, a 201) is still
//    checked by rule 2.
//    When the caller cannot tell which request a response answers (raw
//    bytes that are not a complete request), only rule 2's "any request"
//    statuses are allowed.
std::vector<std::string> check_response(const OpenApiSpec& spec, const std::optional<RequestLine>& request,
                                        const ResponseView& response) {
  static const Headers kNoHeaders;
  ResponseView r = response;
  if (!r.headers) r.headers = &kNoHeaders;
  std::vector<std::string> out;
  if (r.status >= 100 && r.status < 200) return out;

  std::optional<std::string> route;
  std::vector<std::string> methods;
  bool has_operation = false;
  const bool head = request && request->method == "HEAD";
  if (request) {
    const auto path = percent_decode(std::string_view(request->target).substr(0, request->target.find('?')));
    if (path) route = spec.match_path(*path);
    if (route) {
      methods = spec.methods(*route);
      const std::string want = head ? "GET" : request->method;
      has_operation = std::find(methods.begin(), methods.end(), request->method) != methods.end() ||
                      std::find(methods.begin(), methods.end(), want) != methods.end();
    }
  }
  if (request && !route && (request->method == "GET" || head) && (r.status == 200 || r.status == 304) &&
      request->target.rfind("/api/", 0) != 0 && request->target != "/api") {
    const auto types = header_values(*r.headers, "Content-Type");
    if (types.empty() || types.front().find("json") == std::string::npos) return out;  // the web app (rule 3)
  }
  if (has_operation) {
    if (auto declared = spec.find_response(request->method, *route, r.status)) {
      check_declared(spec, *declared, head, r, out);
      return out;
    }
  }

  static const std::map<int, std::string> kAnyRequest = {{400, "bad-request"},    {408, "timeout"},
                                                         {413, "body-too-large"}, {431, "header-too-large"},
                                                         {500, "internal"},       {501, "method-not-implemented"},
                                                         {503, "unavailable"}};
  std::string slug;
  if (auto it = kAnyRequest.find(r.status); it != kAnyRequest.end()) slug = it->second;
  else if (r.status == 404 && request && !route) slug = "not-found";
  else if (r.status == 405 && route && !has_operation) slug = "method-not-allowed";
  if (slug.empty()) {
    const std::string status = std::to_string(r.status);
    std::string any;
    for (const auto& [code, name] : kAnyRequest) any += (any.empty() ? "" : ", ") + std::to_string(code);
    if (!request)
      out.push_back("status " + status + " to a request the harness cannot identify; only " + any +
                    " may answer any request");
    else if (!route)
      out.push_back(request->method + " " + request->target + " matches no path of the spec: only 404 not-found (or " +
                    any + ") may answer it, not " + status);
    else if (!has_operation)
      out.push_back("the spec has no " + request->method + " operation on " + *route +
                    ": only 405 method-not-allowed (or " + any + ") may answer it, not " + status);
    else
      out.push_back("status " + status + " is not declared for " + request->method + " " + *route +
                    " (nor `default`), and is not one the spec's conventions allow on any request");
    return out;
  }

  const auto type = header_values(*r.headers, "Content-Type");
  if (type.empty() || parse_media_type(type.front()).essence != "application/problem+json") {
    out.push_back("a " + std::to_string(r.status) + " " + slug + " must be application/problem+json, not " +
                  (type.empty() ? std::string("without Content-Type") : type.front()));
    return out;
  }
  if (r.status == 405) {
    std::set<std::string> allowed;
    for (const auto& value : header_values(*r.headers, "Allow")) {
      std::size_t start = 0;
      for (;;) {
        const auto comma = value.find(',', start);
        const auto token =
            trim(std::string_view(value).substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!token.empty()) allowed.emplace(token);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    std::set<std::string> expected(methods.begin(), methods.end());
    if (allowed.count("HEAD") && expected.count("GET")) expected.insert("HEAD");
    if (allowed != expected) {
      std::string want;
      for (const auto& m : methods) want += (want.empty() ? "" : ", ") + m;
      out.push_back("header Allow: must name the path's methods (" + want + "), got \"" +
                    (header_values(*r.headers, "Allow").empty() ? std::string("none")
                                                                : header_values(*r.headers, "Allow").front()) +
                    "\"");
    }
  }
  if (head) return out;
  const auto before = out.size();
  check_json_body(spec.schemas(), std::string("#/components/schemas/Problem"), true, r, out);
  if (out.size() == before) {
    const auto body = json::parse(r.body);
    const auto* t = body.is_object() ? body.get_object().if_contains("type") : nullptr;
    if (!t || !t->is_string() || t->get_string() != "/problems/" + slug)
      out.push_back("body /type: a " + std::to_string(r.status) + " here must be \"/problems/" + slug + "\", not " +
                    (t ? show(*t) : std::string("missing")));
  }
  return out;
}

}  // namespace agora::test::openapi
