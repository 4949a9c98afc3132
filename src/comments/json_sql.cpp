#include "comments/json_sql.hpp"

#include "db/sql.hpp"

namespace agora::comments {

std::string comment_json_sql(int viewer_param) {
  const std::string v = "$" + std::to_string(viewer_param);
  return "json_build_object('id', k.id, 'post_id', k.post_id, 'parent_id', k.parent_id, 'depth', k.depth, "
         "'author', CASE WHEN k.state = 'visible' AND u.id IS NOT NULL THEN "
         "json_build_object('username', u.username, 'display_name', u.display_name) END, "
         "'body', CASE k.state WHEN 'visible' THEN k.body_md WHEN 'deleted' THEN '[deleted]' ELSE '[removed]' END, "
         "'body_html', CASE WHEN k.state = 'visible' THEN k.body_html ELSE '' END, "
         "'state', k.state, 'score', k.score, 'upvotes', k.upvotes, 'downvotes', k.downvotes, "
         "'reply_count', k.reply_count, "
         "'created_at', " AGORA_TS("k.created_at") ", 'edited_at', " AGORA_TS("k.edited_at") ", "
         "'my_vote', coalesce((SELECT cv.value FROM comment_votes cv WHERE cv.comment_id = k.id AND cv.user_id = " +
         v + "), 0))";
}

}  // namespace agora::comments
