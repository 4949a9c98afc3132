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

// As cursor_param, and every field must be a decimal number (integer or
// floating point): the fields go to SQL as numbers, so anything else is a 400
// here rather than a cast error there.
std::vector<std::string> numeric_cursor_param(const http::Request& req, std::size_t fields);

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
