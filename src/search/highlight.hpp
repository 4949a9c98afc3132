#pragma once
// Search results with the query's words marked: the title whole, and the
// passages of the body (as plain text, without Markdown) that best match,
// as PostgreSQL's ts_headline finds them with the same text search
// configuration as the ranking (so "running" marks "runs"). Runs of text
// rather than HTML: the client renders them without trusting any markup.
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"

namespace agora::search {

struct Run {
  std::string text;
  bool match = false;
};

// ts_headline's output, whose matches sit between kMatchStart and kMatchEnd,
// as runs; adjacent runs of the same kind are merged, empty ones dropped.
inline constexpr char kMatchStart = '\x01';
inline constexpr char kMatchEnd = '\x02';
std::vector<Run> runs_of(std::string_view marked);

// What separates two passages of one excerpt.
inline constexpr std::string_view kPassageGap = " … ";
// Adds "… " before and " …" after the passages of `runs` when they were cut
// from a longer `whole` (ts_headline does not say).
void mark_cuts(std::vector<Run>& runs, std::string_view whole);

// Adds "highlight":{"title":[runs],"excerpt":[runs]} to each post of `items`
// (feed-form post JSON objects, as search returns them). One query for the
// page; posts without words of the query get runs without matches.
Task<void> add_highlights(db::Queryable& db, const std::string& query, std::vector<std::string>& items);

}  // namespace agora::search
