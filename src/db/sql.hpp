#pragma once
// SQL fragments shared by every repo.

// RFC 3339 in UTC with microseconds, the one timestamp format of the API.
#define AGORA_TS(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
