#pragma once
// Query-string paging shared by every list endpoint: `limit` within bounds
// and opaque `cursor` strings (keyset pagination, never offsets).
#include <string>
#include <vector>

#include "http/message.hpp"

namespace agora::content {

// `limit` from the query, default `def`, 400 unless 1..max.
int page_limit(const http::Request& req, int def, int max);

// A cursor carries the sort key of the last item as a few text fields; it is
// base64url so clients treat it as opaque.
std::string encode_cursor(const std::vector<std::string>& fields);
// The fields of the `cursor` query parameter (empty when absent); 400 when it
// is not one of ours or has the wrong number of fields.
std::vector<std::string> cursor_param(const http::Request& req, std::size_t fields);

// The type of one cursor field, checked exactly before it reaches SQL: a
// value outside the column's type would be a cast error there (a 500), so a
// forged cursor is a 400 here instead.
enum class CursorField {
  id,      // a row id: 0 to 2^63-1, digits only
  int32,   // a counter or score (PostgreSQL integer)
  micros,  // microseconds since the epoch, within +/-2^53 (timestamps of any real row)
  float4,  // a finite PostgreSQL real (search ranks)
  float8,  // a finite double precision (hot ranks)
};

// As cursor_param, with one type per field.
std::vector<std::string> typed_cursor_param(const http::Request& req, std::initializer_list<CursorField> fields);

// True when `text` is exactly a value of `type` (the check typed_cursor_param makes).
bool cursor_field_valid(std::string_view text, CursorField type);

// {"items":[…],"next_cursor":"…"|null} from pre-rendered JSON items; the
// cursor is made from `last_key` when it is not empty.
std::string render_page(const std::vector<std::string>& items, const std::vector<std::string>& last_key);

// An optional enumerated query parameter: `def` when absent, 400 naming the
// allowed values otherwise.
std::string choice_param(const http::Request& req, const char* name, std::initializer_list<const char*> allowed,
                         const char* def);

// Parses a whole decimal int64 path or query value; 404/400 via the caller's choice.
bool parse_id(std::string_view text, std::int64_t& out);

}  // namespace agora::content
