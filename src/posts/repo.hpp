#pragma once
// SQL for posts: insert, read (JSON rendered in SQL), edit with revisions,
// state changes, and batched view counts.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/db.hpp"

namespace agora::posts::repo {

struct NewPost {
  std::int64_t community_id = 0, author_id = 0;
  std::string title, body_md, body_html;
  std::vector<std::string> tags;
};
Task<std::int64_t> insert(db::Queryable& tx, const NewPost& p);

Task<std::string> json_by_id(db::Queryable& db, std::int64_t id, std::int64_t viewer_id);

struct Edit {
  std::optional<std::string> title, body_md, body_html;
  std::optional<std::vector<std::string>> tags;
};
// Keeps the previous title/body/tags as a revision, then applies the edit.
// Edits by the same editor within kRevisionGraceSeconds of their previous
// revision keep no new one: that revision already holds the text from
// before the burst, and a typo fixed ten times is not ten revisions.
inline constexpr int kRevisionGraceSeconds = 300;
Task<void> edit(db::Queryable& tx, std::int64_t id, std::int64_t editor_id, const Edit& e);

// {"items":[…],"next_cursor":…}: newest first, at most `limit`, after the
// revision id in `after` (empty: from the newest).
Task<std::string> revisions_json(db::Queryable& db, std::int64_t id, const std::vector<std::string>& after, int limit);

// visible ↔ deleted/removed; keeps the community's post_count in step.
// Returns false when the post was already in `state`.
Task<bool> set_state(db::Queryable& tx, std::int64_t id, const std::string& state);
Task<void> set_locked(db::Queryable& db, std::int64_t id, bool locked);
Task<void> set_pinned(db::Queryable& db, std::int64_t id, bool pinned);

// Adds counted views in one statement.
Task<void> add_views(db::Queryable& db, const std::unordered_map<std::int64_t, std::int64_t>& views);

// A PostgreSQL text[] literal with each element quoted.
std::string text_array(const std::vector<std::string>& items);

}  // namespace agora::posts::repo
