// Fuzz target: the strict JSON body reader (src/core/json_body.*), as every
// JSON endpoint uses it: JsonBody::parse, then accessors, then finish().
//
// Input: a request body. An optional first line "CT:<content type>\n" sets the
// Content-Type (else application/json), so the corpus stays readable JSON.
// Every top-level member of the object is then read with an accessor chosen
// by its key (see accessor_for), with size limits from a small table, and
// finish() lists what is wrong.
//
// Invariants (a violation aborts, which libFuzzer reports as a crash):
//   - parse returns or throws Problem with a 4xx status (415 for another
//     media type, 413, 400); nothing else escapes any call;
//   - parse agrees with an independent parse (Boost.JSON's SAX parser, same
//     options): it accepts only complete, well-formed UTF-8 JSON objects within
//     32 levels of nesting, and accepts every such object without duplicate
//     keys. Objects with duplicate keys may be accepted or refused with 400
//     (the reader may refuse them: either behaviour passes);
//   - the accessors never throw, return exactly the member's value when it
//     has the asked type and fits the limits, and otherwise nothing plus one
//     field error naming the member; absent members are not errors
//     (required_string excepted);
//   - finish() throws Problem 422 exactly when an accessor failed or a member
//     was not read, listing every error, and its body is valid JSON.
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "core/json_body.hpp"
#include "invariant.hpp"

namespace {

using agora::JsonBody;
using agora::Problem;
namespace json = boost::json;

// ---------------------------------------------------------------- the independent parse
// A SAX handler that records what JsonBody's verdict depends on: whether the
// document is one object, its top-level keys in order, and whether any object
// (at any depth) repeats a key.
struct Shape {
  constexpr static std::size_t max_object_size = std::size_t(-1);
  constexpr static std::size_t max_array_size = std::size_t(-1);
  constexpr static std::size_t max_key_size = std::size_t(-1);
  constexpr static std::size_t max_string_size = std::size_t(-1);

  int depth = 0;  // containers open
  bool top_is_object = false;
  bool first_value = true;
  bool duplicates = false;
  std::vector<std::string> top_keys;
  std::vector<std::set<std::string>> seen;  // one per open object; unused for arrays
  std::vector<bool> is_object;
  std::string key;

  void value() {
    if (first_value) first_value = false;
  }
  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_object_begin(boost::system::error_code&) {
    if (first_value) top_is_object = true;
    value();
    ++depth;
    is_object.push_back(true);
    seen.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, boost::system::error_code&) {
    --depth;
    is_object.pop_back();
    seen.pop_back();
    return true;
  }
  bool on_array_begin(boost::system::error_code&) {
    value();
    ++depth;
    is_object.push_back(false);
    seen.emplace_back();
    return true;
  }
  bool on_array_end(std::size_t, boost::system::error_code&) {
    --depth;
    is_object.pop_back();
    seen.pop_back();
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, boost::system::error_code&) {
    key.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, boost::system::error_code&) {
    key.append(s.data(), s.size());
    if (!seen.back().insert(key).second) duplicates = true;
    if (depth == 1) top_keys.push_back(key);
    key.clear();
    return true;
  }
  bool on_string_part(json::string_view, std::size_t, boost::system::error_code&) { return true; }
  bool on_string(json::string_view, std::size_t, boost::system::error_code&) {
    value();
    return true;
  }
  bool on_number_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, boost::system::error_code&) {
    value();
    return true;
  }
  bool on_uint64(std::uint64_t, json::string_view, boost::system::error_code&) {
    value();
    return true;
  }
  bool on_double(double, json::string_view, boost::system::error_code&) {
    value();
    return true;
  }
  bool on_bool(bool, boost::system::error_code&) {
    value();
    return true;
  }
  bool on_null(boost::system::error_code&) {
    value();
    return true;
  }
  bool on_comment_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(json::string_view, boost::system::error_code&) { return true; }
};

json::parse_options reader_options() {
  json::parse_options opts;  // what JsonBody::parse uses: strict JSON, UTF-8 checked
  opts.max_depth = 32;
  return opts;
}

struct Verdict {
  bool object = false;  // one complete JSON object, nothing after it
  bool duplicates = false;
  std::vector<std::string> top_keys;
};

Verdict independent_parse(std::string_view body) {
  json::basic_parser<Shape> p(reader_options());
  boost::system::error_code ec;
  const std::size_t n = p.write_some(false, body.data(), body.size(), ec);
  Verdict v;
  if (ec || n != body.size() || !p.done()) return v;
  const Shape& s = p.handler();
  v.object = s.top_is_object;
  v.duplicates = s.duplicates;
  v.top_keys = s.top_keys;
  return v;
}

// ---------------------------------------------------------------- accessors

std::size_t fnv(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

enum class Accessor { required_string, optional_string, optional_int, optional_bool, string_array, unread };
constexpr std::size_t kAccessors = 6;

// The accessor for a member: chosen by its key, so a mutation of the key
// switches it; a few common names get the accessor real endpoints use on them.
Accessor accessor_for(std::string_view key) {
  if (key == "title" || key == "email" || key == "username" || key == "password") return Accessor::required_string;
  if (key == "body" || key == "name" || key == "description") return Accessor::optional_string;
  if (key == "limit" || key == "parent_id" || key == "value") return Accessor::optional_int;
  if (key == "nsfw" || key == "locked" || key == "pinned") return Accessor::optional_bool;
  if (key == "tags" || key == "rules") return Accessor::string_array;
  return static_cast<Accessor>(fnv(key) % kAccessors);
}

constexpr std::size_t kMaxBytes[] = {0, 1, 8, 64, 10'000};
constexpr std::size_t kMaxItems[] = {0, 1, 5, 100};

bool fits(const json::value& v, std::size_t max_bytes) {
  return v.is_string() && v.get_string().size() <= max_bytes &&
         std::string_view(v.get_string()).find('\0') == std::string_view::npos;
}

// Reads every member with its accessor and checks the answer against `object`
// (the same body parsed by Boost.JSON directly); returns whether all were fine.
bool read_members(JsonBody& b, const json::object& object, const std::vector<std::string>& keys, bool check_values) {
  bool all_fine = true;
  std::set<std::string> done;
  for (const auto& k : keys) {
    if (!done.insert(k).second) continue;  // a duplicate key: read once
    if (done.size() > 256) {
      all_fine = false;  // the rest stay unread: finish() must name them
      break;
    }
    const json::value* v = object.if_contains(k);
    const bool absent = !v || v->is_null();
    const std::size_t h = fnv(k);
    const std::size_t max_bytes = kMaxBytes[(h >> 8) % std::size(kMaxBytes)];
    const std::size_t max_items = kMaxItems[(h >> 12) % std::size(kMaxItems)];
    const std::size_t errors_before = b.errors().size();
    bool ok = true;
    switch (accessor_for(k)) {
      case Accessor::required_string: {
        const std::string got = b.required_string(k, max_bytes);
        ok = !absent && fits(*v, max_bytes);
        if (check_values && ok) CHECK(got == std::string_view(v->get_string()), "required_string changed the value");
        if (!ok) CHECK(got.empty(), "required_string returned a value with an error");
        break;
      }
      case Accessor::optional_string: {
        const auto got = b.optional_string(k, max_bytes);
        ok = absent || fits(*v, max_bytes);
        if (check_values && ok && !absent)
          CHECK(got && *got == std::string_view(v->get_string()), "optional_string changed the value");
        if (!ok || absent) CHECK(!got, "optional_string returned a value it should not");
        break;
      }
      case Accessor::optional_int: {
        const auto got = b.optional_int(k);
        ok = absent || v->is_int64() || (v->is_uint64() && v->get_uint64() <= std::uint64_t(INT64_MAX));
        if (check_values && ok && !absent)
          CHECK(got && *got == (v->is_int64() ? v->get_int64() : std::int64_t(v->get_uint64())),
                "optional_int changed the value");
        if (!ok || absent) CHECK(!got, "optional_int returned a value it should not");
        break;
      }
      case Accessor::optional_bool: {
        const auto got = b.optional_bool(k);
        ok = absent || v->is_bool();
        if (check_values && ok && !absent) CHECK(got && *got == v->get_bool(), "optional_bool changed the value");
        if (!ok || absent) CHECK(!got, "optional_bool returned a value it should not");
        break;
      }
      case Accessor::string_array: {
        const auto got = b.optional_string_array(k, max_items, max_bytes);
        ok = absent || (v->is_array() && v->get_array().size() <= max_items);
        if (ok && !absent)
          for (const auto& item : v->get_array()) ok = ok && fits(item, max_bytes);
        if (check_values && ok && !absent) {
          CHECK(got && got->size() == v->get_array().size(), "optional_string_array changed the item count");
          for (std::size_t i = 0; i < got->size(); ++i)
            CHECK((*got)[i] == std::string_view(v->get_array()[i].get_string()),
                  "optional_string_array changed an item");
        }
        if (!ok || absent) CHECK(!got, "optional_string_array returned a value it should not");
        if (got) {
          CHECK(got->size() <= max_items, "optional_string_array returned too many items");
          for (const auto& s : *got) CHECK(s.size() <= max_bytes, "optional_string_array returned a long item");
        }
        break;
      }
      case Accessor::unread:
        ok = false;  // finish() must name it
        break;
    }
    const std::size_t added = b.errors().size() - errors_before;
    if (accessor_for(k) != Accessor::unread) {
      if (check_values) CHECK(added == (ok ? 0u : 1u), "an accessor noted " + std::to_string(added) + " errors");
      if (added) CHECK(b.errors().back().field == k, "a field error names another field");
    }
    all_fine = all_fine && ok;
  }
  // An optional member that is absent is not an error.
  if (object.contains("\x01"
                      "absent"))
    return all_fine;
  const std::size_t before = b.errors().size();
  CHECK(!b.optional_string("\x01"
                           "absent") &&
            !b.optional_int("\x01"
                            "absent") &&
            !b.optional_bool("\x01"
                             "absent") &&
            !b.optional_string_array("\x01"
                                     "absent",
                                     1, 1),
        "an absent member has a value");
  CHECK(b.errors().size() == before, "an absent optional member is an error");
  return all_fine;
}

void check_problem_json(const Problem& p) {
  boost::system::error_code ec;
  const auto v = json::parse(p.to_json("/api/v1/fuzz", "req-1"), ec);
  CHECK(!ec && v.is_object(), "the problem body is not a JSON object");
  CHECK(v.as_object().at("status") == p.status(), "the problem body has another status");
}

void run(std::string_view content_type, std::string_view body, bool json_type) {
  const Verdict verdict = independent_parse(body);
  std::optional<JsonBody> parsed;
  try {
    parsed.emplace(JsonBody::parse(content_type, body));
  } catch (const Problem& p) {
    CHECK(p.status() >= 400 && p.status() <= 499, "parse threw Problem " + std::to_string(p.status()));
    check_problem_json(p);
    if (!json_type) {
      CHECK(p.status() == 415, "another media type was not refused with 415");
      return;
    }
    if (body.size() > JsonBody::kMaxJsonBytes) {
      CHECK(p.status() == 413, "an oversized body was not refused with 413");
      return;
    }
    CHECK(p.status() == 400, "a JSON body was refused with " + std::to_string(p.status()));
    CHECK(!verdict.object || verdict.duplicates, "a well-formed JSON object without duplicate keys was refused");
    return;
  } catch (const std::exception& e) {
    fail(std::string("parse threw something other than Problem: ") + e.what());
  } catch (...) {
    fail("parse threw something other than Problem");
  }
  CHECK(json_type, "a body was accepted with another media type");
  CHECK(verdict.object, "parse accepted something that is not one well-formed JSON object");

  // The same bytes as a Boost.JSON value, to know what each accessor should return.
  boost::system::error_code ec;
  json::value direct = json::parse(body, ec, {}, reader_options());
  CHECK(!ec && direct.is_object(), "Boost.JSON disagrees with itself");
  bool all_fine = false;
  try {
    all_fine = read_members(*parsed, direct.as_object(), verdict.top_keys, !verdict.duplicates);
  } catch (const std::exception& e) {
    fail(std::string("an accessor threw: ") + e.what());
  }
  try {
    parsed->finish();
    CHECK(all_fine || verdict.duplicates, "finish() accepted a body with an error or an unread member");
    CHECK(parsed->errors().empty(), "finish() accepted with errors noted");
  } catch (const Problem& p) {
    CHECK(p.status() == 422, "finish() threw Problem " + std::to_string(p.status()));
    CHECK(!all_fine || verdict.duplicates, "finish() refused a body whose members were all fine");
    CHECK(p.errors().size() == parsed->errors().size() && !p.errors().empty(), "finish() lost field errors");
    check_problem_json(p);
  } catch (const std::exception& e) {
    fail(std::string("finish() threw something other than Problem: ") + e.what());
  }
}

bool is_json_media_type(std::string_view ct) {
  auto media = ct.substr(0, ct.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lower(media);
  for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/json";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view content_type = "application/json";
  if (input.substr(0, 3) == "CT:") {
    const auto nl = input.find('\n');
    content_type = input.substr(3, nl == std::string_view::npos ? std::string_view::npos : nl - 3);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
  }
  run(content_type, input, is_json_media_type(content_type));
  return 0;
}
