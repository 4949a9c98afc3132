#pragma once
// Who hears about new content, decided in the writing transaction with one
// set-based INSERT … SELECT per event (no per-recipient round trips), plus a
// NOTIFY on channel `agora_events` that live-update streams on every replica
// receive once the transaction commits. Recipients are filtered by the same
// read rule as everything else: nobody is told about a private community they
// cannot read.
#include <cstdint>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace agora::notifications {

inline constexpr const char* kChannel = "agora_events";
// The job each fan-out enqueues with the new notifications' ids: the worker
// emails those whose owners want them at once (notifications/email_jobs.hpp).
inline constexpr const char* kEmailNotificationsJob = "notify.email";

// New post: subscribers of the community and followers of the author with
// level `all` (unless they muted the community), and @mentions.
Task<void> on_new_post(db::Queryable& tx, std::int64_t post_id, std::int64_t community_id, std::int64_t author_id,
                       const std::vector<std::string>& mentioned, const std::string& trace_id);

// New comment: the author of what it replies to, @mentions, and watchers of
// the post with level `all`; one notification per person, muted posts
// excepted. Also announces the comment to live streams of the post.
Task<void> on_new_comment(db::Queryable& tx, std::int64_t comment_id, std::int64_t post_id, std::int64_t community_id,
                          std::int64_t author_id, std::int64_t reply_to_user_id,
                          const std::vector<std::string>& mentioned, const std::string& trace_id);

// A moderator acted on the user's content.
Task<void> on_mod_action(db::Queryable& tx, std::int64_t user_id, std::int64_t actor_id, std::int64_t community_id,
                         std::int64_t post_id, std::int64_t comment_id, const std::string& message,
                         const std::string& trace_id);

// A PostgreSQL array literal of plain usernames ([A-Za-z0-9_] only).
std::string username_array(const std::vector<std::string>& names);

}  // namespace agora::notifications
