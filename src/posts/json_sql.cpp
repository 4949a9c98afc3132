#include "posts/json_sql.hpp"

#include "db/sql.hpp"

namespace agora::posts {

std::string post_json_sql(int viewer_param, bool full) {
  const std::string v = "$" + std::to_string(viewer_param);
  std::string body =
      full ? "'body', CASE WHEN p.state = 'visible' THEN p.body_md ELSE '' END, "
             "'body_html', CASE WHEN p.state = 'visible' THEN p.body_html ELSE '' END, "
           : "'excerpt', CASE WHEN p.state = 'visible' THEN coalesce(p.excerpt, left(p.body_md, 280)) ELSE '' END, ";
  return "json_build_object('id', p.id, "
         "'community', json_build_object('slug', c.slug, 'name', c.name), "
         "'author', CASE WHEN p.state = 'visible' AND u.id IS NOT NULL THEN "
         "json_build_object('username', u.username, 'display_name', u.display_name) END, "
         "'title', CASE p.state WHEN 'visible' THEN p.title WHEN 'deleted' THEN '[deleted]' ELSE '[removed]' END, " +
         body +
         "'tags', CASE WHEN p.state = 'visible' THEN p.tags ELSE '{}' END, 'state', p.state, 'score', p.score, 'upvotes', p.upvotes, 'downvotes', p.downvotes, "
         "'comment_count', p.comment_count, 'view_count', p.view_count, "
         "'locked', p.locked_at IS NOT NULL, 'pinned', p.pinned_at IS NOT NULL, "
         "'created_at', " AGORA_TS("p.created_at") ", "
         "'edited_at', " AGORA_TS("p.edited_at") ", "
         "'my_vote', coalesce((SELECT pv.value FROM post_votes pv WHERE pv.post_id = p.id AND pv.user_id = " + v +
         "), 0))";
}

}  // namespace agora::posts
