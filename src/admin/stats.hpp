#pragma once
// Site statistics for the admin endpoint and the business gauges on
// /metrics: totals, plus activity from the analytics rollups (users who
// signed up, posted, commented, voted or subscribed today and in 30 days).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "db/db.hpp"

namespace agora::admin {

struct SiteStats {
  std::vector<std::pair<std::string, std::int64_t>> values;  // name → value, in a stable order
};

Task<SiteStats> site_stats(db::Queryable& db);
std::string stats_json(const SiteStats& s);
// Sets the agora_* gauges from `s`.
void publish_gauges(const SiteStats& s);

}  // namespace agora::admin
