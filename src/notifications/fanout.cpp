#include "notifications/fanout.hpp"

#include "jobs/enqueue.hpp"

namespace agora::notifications {
namespace {

// Announces each inserted notification to the recipient's live stream, and
// returns the new notifications' ids as a JSON array (for the email job).
constexpr const char* kNotifyInserted =
    "SELECT count(pg_notify('agora_events', json_build_object('type', 'notification', 'user_id', user_id, "
    "'notification_id', id)::text)), coalesce(json_agg(id), '[]')::text FROM ins";

// Who gets an email about the new notifications is the worker's business
// (preferences, digests, suppressions): the write only hands over the ids.
Task<void> hand_to_mailer(db::Queryable& tx, const db::Result& inserted, const std::string& trace_id) {
  if (inserted.empty() || inserted.int64(0, 0) == 0) co_return;
  const jobs::NewJob job{.kind = std::string(kEmailNotificationsJob),
                         .payload = "{\"notification_ids\":" + inserted.string(0, 1) + "}",
                         .trace_id = trace_id};
  co_await jobs::enqueue(tx, job);
}

// t.user_id may read community $2.
constexpr const char* kRecipientCanRead =
    "((SELECT visibility FROM communities WHERE id = $2) <> 'private' OR EXISTS (SELECT 1 FROM community_members "
    "cm WHERE cm.community_id = $2 AND cm.user_id = t.user_id) OR EXISTS (SELECT 1 FROM users au WHERE "
    "au.id = t.user_id AND au.role = 'admin'))";

}  // namespace

std::string username_array(const std::vector<std::string>& names) {
  std::string out = "{";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += ',';
    out += names[i];
  }
  return out + "}";
}

Task<void> on_new_post(db::Queryable& tx, std::int64_t post_id, std::int64_t community_id, std::int64_t author_id,
                       const std::vector<std::string>& mentioned, const std::string& trace_id) {
  auto inserted = co_await tx.query(
      std::string("WITH ins AS (INSERT INTO notifications (user_id, kind, actor_id, community_id, post_id, message) "
                  "SELECT DISTINCT ON (t.user_id) t.user_id, t.kind, $3, $2, $1, t.message FROM ("
                  "  SELECT u.id AS user_id, 'mention' AS kind, 1 AS prio, 'mentioned you in a post' AS message "
                  "  FROM users u WHERE lower(u.username) = ANY($4::text[]) "
                  "  UNION ALL SELECT s.user_id, 'post', 2, 'posted in a community you follow' FROM subscriptions s "
                  "  WHERE s.kind = 'community' AND s.target_id = $2 AND s.level = 'all' "
                  "  UNION ALL SELECT s.user_id, 'post', 3, 'posted' FROM subscriptions s "
                  "  WHERE s.kind = 'user' AND s.target_id = $3 AND s.level = 'all') t "
                  "WHERE t.user_id <> $3 AND NOT EXISTS (SELECT 1 FROM subscriptions m WHERE m.user_id = t.user_id "
                  "  AND m.kind = 'community' AND m.target_id = $2 AND m.level = 'muted') AND ") +
          kRecipientCanRead + " ORDER BY t.user_id, t.prio RETURNING id, user_id) " + kNotifyInserted,
      db::Params(post_id, community_id, author_id, username_array(mentioned)));
  co_await hand_to_mailer(tx, inserted, trace_id);
}

Task<void> on_new_comment(db::Queryable& tx, std::int64_t comment_id, std::int64_t post_id, std::int64_t community_id,
                          std::int64_t author_id, std::int64_t reply_to_user_id,
                          const std::vector<std::string>& mentioned, const std::string& trace_id) {
  auto inserted = co_await tx.query(
      std::string(
          "WITH ins AS (INSERT INTO notifications (user_id, kind, actor_id, community_id, post_id, comment_id, "
          "message) "
          "SELECT DISTINCT ON (t.user_id) t.user_id, t.kind, $3, $2, $1, $4, t.message FROM ("
          "  SELECT $5::bigint AS user_id, 'reply' AS kind, 1 AS prio, 'replied to you' AS message WHERE $5 <> 0 "
          "  UNION ALL SELECT u.id, 'mention', 2, 'mentioned you in a comment' FROM users u "
          "  WHERE lower(u.username) = ANY($6::text[]) "
          "  UNION ALL SELECT s.user_id, 'reply', 3, 'commented on a post you watch' FROM subscriptions s "
          "  WHERE s.kind = 'post' AND s.target_id = $1 AND s.level = 'all') t "
          "WHERE t.user_id <> $3 AND NOT EXISTS (SELECT 1 FROM subscriptions m WHERE m.user_id = t.user_id "
          "  AND m.kind = 'post' AND m.target_id = $1 AND m.level = 'muted') AND ") +
          kRecipientCanRead + " ORDER BY t.user_id, t.prio RETURNING id, user_id) " + kNotifyInserted,
      db::Params(post_id, community_id, author_id, comment_id, reply_to_user_id, username_array(mentioned)));
  co_await hand_to_mailer(tx, inserted, trace_id);
  co_await tx.query(
      "SELECT pg_notify('agora_events', json_build_object('type', 'comment', 'post_id', $1::bigint, "
      "'comment_id', $2::bigint)::text)",
      db::Params(post_id, comment_id));
}

Task<void> on_mod_action(db::Queryable& tx, std::int64_t user_id, std::int64_t actor_id, std::int64_t community_id,
                         std::int64_t post_id, std::int64_t comment_id, const std::string& message,
                         const std::string& trace_id) {
  if (user_id == 0 || user_id == actor_id) co_return;
  auto inserted =
      co_await tx.query(std::string("WITH ins AS (INSERT INTO notifications (user_id, kind, actor_id, community_id, "
                                    "post_id, comment_id, message) VALUES ($1, 'mod', $2, $3, nullif($4, 0), "
                                    "nullif($5, 0), $6) RETURNING id, user_id) ") +
                            kNotifyInserted,
                        db::Params(user_id, actor_id, community_id, post_id, comment_id, message));
  co_await hand_to_mailer(tx, inserted, trace_id);
}

}  // namespace agora::notifications
