#pragma once
// SQL for comments: insert with counters, and the bounded reads a post page
// needs (see thread()).
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace agora::comments::repo {

struct NewComment {
  std::int64_t post_id = 0, author_id = 0;
  std::int64_t parent_id = 0, root_id = 0;  // 0: top-level
  int depth = 0;
  std::string body_md, body_html;
};
// Inserts and bumps the parent's reply_count and the post's comment_count.
Task<std::int64_t> insert(db::Queryable& tx, const NewComment& c);

Task<std::string> json_by_id(db::Queryable& db, std::int64_t id, std::int64_t viewer_id);

// Who reads a live stream, as every event it delivers is checked against:
// the viewer (0: anonymous), whether an admin, and the digest of the session
// token the stream was opened with (empty: anonymous).
struct StreamReader {
  std::int64_t viewer_id = 0;
  bool admin = false;
  std::string session_digest;
};

// The post's comments with an id above `after_id`, oldest first, at most
// `limit`, each rendered as the listing renders it: what a live stream's
// client missed while it was away. Empty unless `reader` may read them now
// (see json_if_visible).
struct Rendered {
  std::int64_t id = 0;
  std::string json;
};
Task<std::vector<Rendered>> since(db::Queryable& db, std::int64_t post_id, std::int64_t after_id,
                                  const StreamReader& reader, int limit);
// The comment as the listing renders it, if it is on `post_id` and `reader`
// may read it at this moment: the session still valid, the community
// readable (members only when private), and the post not removed (except
// for the community's moderators). nullopt otherwise.
Task<std::optional<std::string>> json_if_visible(db::Queryable& db, std::int64_t comment_id, std::int64_t post_id,
                                                 const StreamReader& reader);
// The post's highest comment id (0 without comments).
Task<std::int64_t> newest_id(db::Queryable& db, std::int64_t post_id);

struct ThreadQuery {
  std::int64_t post_id = 0, viewer_id = 0;
  std::string sort;                // top, new, old
  std::vector<std::string> after;  // cursor over top-level comments
  int roots = 50;                  // top-level comments per page
  int per_root = 100;              // most replies loaded under one root
  int max_depth = 10;              // deeper replies are loaded on demand
  int max_total = 500;             // most replies in one response
};
struct Thread {
  std::string json;                   // {"items":[…nested…],"next_cursor":…}
  std::vector<std::string> last_key;  // for the cursor
};
// A page of top-level comments with their replies nested breadth-first: every
// reply included has its parent included, each comment carries reply_count
// so a client sees where a subtree was cut and loads it with replies().
// Two index-bounded queries whatever the size of the thread.
Task<Thread> thread(db::Queryable& db, const ThreadQuery& q);

// Direct replies to a comment, a page at a time (no nesting).
Task<Thread> replies(db::Queryable& db, std::int64_t parent_id, std::int64_t viewer_id, const std::string& sort,
                     const std::vector<std::string>& after, int limit);

Task<void> edit(db::Queryable& db, std::int64_t id, const std::string& body_md, const std::string& body_html);
// Returns false when already in `state`.
Task<bool> set_state(db::Queryable& db, std::int64_t id, const std::string& state);

}  // namespace agora::comments::repo
