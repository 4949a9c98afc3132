// Cursor decoding (src/content/paging.*): the `cursor` query parameter every
// list endpoint takes, opaque to clients and so forged at will.
//
// The input is used two ways: as the raw query value (base64url of anything),
// and as the plain cursor text ("c1|field|field"), encoded as the service
// encodes it. For each, typed_cursor_param with every shape the routes use
// (one id; an int32 and an id; a real or a double and an id; microseconds
// and an id) must:
// - either throw Problem 400, or return exactly as many fields as asked;
// - return only fields PostgreSQL reads as their column's type (a field it
//   refuses would be a cast error in the query: a 500);
// - return fields that encode_cursor turns back into a cursor decoding to
//   the same fields (what the next page's link carries).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "content/paging.hpp"
#include "core/errors.hpp"
#include "invariant.hpp"
#include "postgres_input.hpp"

namespace {

using agora::content::CursorField;

agora::http::Request with_query_value(const std::string& value) {
  agora::http::Request req;
  req.query = "limit=5&cursor=" + value;
  return req;
}

void check(const std::string& query_value) {
  static const std::vector<std::vector<CursorField>> shapes = {{CursorField::id},
                                                               {CursorField::int32, CursorField::id},
                                                               {CursorField::float4, CursorField::id},
                                                               {CursorField::float8, CursorField::id},
                                                               {CursorField::micros, CursorField::id}};
  const auto req = with_query_value(query_value);
  for (const auto& shape : shapes) {
    std::vector<std::string> fields;
    try {
      if (shape.size() == 1) fields = agora::content::typed_cursor_param(req, {shape[0]});
      else fields = agora::content::typed_cursor_param(req, {shape[0], shape[1]});
    } catch (const agora::Problem& p) {
      if (p.status() != 400) fail("a Problem other than 400: " + std::to_string(p.status()));
      continue;
    }
    if (fields.empty()) continue;  // no cursor: the first page
    if (fields.size() != shape.size()) fail("another number of fields than asked");
    for (std::size_t i = 0; i < shape.size(); ++i)
      if (!postgres_accepts(fields[i], shape[i])) fail("PostgreSQL would refuse the field '" + fields[i] + "'");
    const auto again = with_query_value(agora::content::encode_cursor(fields));
    const auto round = shape.size() == 1 ? agora::content::typed_cursor_param(again, {shape[0]})
                                         : agora::content::typed_cursor_param(again, {shape[0], shape[1]});
    if (round != fields) fail("a cursor made from accepted fields decodes to other fields");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  check(input);  // as the raw query value (percent-decoding and base64url apply)
  // As the plain text of a cursor ("c1|a|b"): what a forger would encode.
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto bar = input.find('|', start);
    parts.push_back(input.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  if (!parts.empty() && parts.front() == "c1") parts.erase(parts.begin());
  check(agora::content::encode_cursor(parts));
  return 0;
}
