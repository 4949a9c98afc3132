#pragma once
// The `since` and `until` query parameters of search: an RFC 3339 date
// (2026-12-07, midnight UTC) or date-time (2026-12-07T10:30:00Z,
// …+02:00). Checked completely here (a 30 February would be a cast error in
// SQL, a 500): anything else is a 400 naming the parameter.
#include <optional>
#include <string>

#include "http/message.hpp"

namespace agora::search {

// The value as a timestamptz literal, or nullopt when absent.
std::optional<std::string> time_param(const http::Request& req, const char* name);

// The check alone: the literal, or nullopt when `text` is not such a time.
std::optional<std::string> rfc3339_time(std::string_view text);

}  // namespace agora::search
