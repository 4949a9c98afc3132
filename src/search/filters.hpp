#pragma once
// What every search mode filters on, as one SQL fragment over posts p and
// communities c: visible posts the viewer may read, optionally of one
// community, one author, a time window. Text, vector, related and similar
// queries all use it, so no mode can show what another would hide.
#include <cstdint>
#include <optional>
#include <string>

#include "db/db.hpp"

namespace agora::search {

struct Filters {
  std::int64_t viewer_id = 0;
  bool viewer_admin = false;
  std::int64_t community_id = 0;            // 0: every community the viewer can read
  std::int64_t author_id = 0;               // 0: anyone
  std::optional<std::string> since, until;  // RFC 3339 timestamps, checked by the route
  std::int64_t exclude_post = 0;            // related posts leave out the post itself
};

// Appends the parameters it uses to `params` (whose size decides their
// numbers) and returns "p.state = 'visible' AND …".
std::string filters_sql(const Filters& f, db::Params& params);

}  // namespace agora::search
