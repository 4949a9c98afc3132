#include "comments/service.hpp"

#include "analytics/events.hpp"
#include "content/markdown.hpp"
#include "content/mentions.hpp"
#include "content/paging.hpp"
#include "content/rules.hpp"
#include "content/write_limits.hpp"
#include "moderation/audit.hpp"
#include "notifications/fanout.hpp"
#include "uploads/access.hpp"

namespace agora::comments {

using communities::Viewer;

namespace {

void check_body(const std::string& body) {
  content::FieldRules().text("body", body, 1, 10000).markdown("body", body).enforce();
}

// Comments of a post a moderator removed are hidden with it, except from the
// community's moderators (who may restore the post).
bool thread_hidden(const communities::PostAccess& p) { return p.state == "removed" && !p.community.can_moderate; }

// As readable_comment, and 404 when its post's thread is hidden.
Task<communities::CommentAccess> visible_comment(db::Pool& db, std::int64_t id, const Viewer& v) {
  auto c = co_await communities::readable_comment(db, id, v);
  if (thread_hidden(c.post)) throw Problem::not_found("No comment with this id.");
  co_return c;
}

}  // namespace

Task<std::pair<std::int64_t, std::string>> Service::create(db::Pool& db, const Viewer& v, std::int64_t post_id,
                                                           const std::string& body, std::int64_t parent_id) {
  check_body(body);
  auto p = co_await communities::readable_post(db, post_id, v);
  communities::require_can_post(p.community, v);
  if (p.state != "visible") throw Problem::conflict("This post was deleted or removed; it takes no comments.");
  if (p.locked && !p.community.can_moderate) throw Problem(403, "locked", "Post locked", "This post is locked.");

  repo::NewComment c{post_id, v.id, 0, 0, 0, body, {}};
  std::int64_t reply_to = p.author_id;
  if (parent_id) {
    auto parent = co_await communities::comment_by_id(db, parent_id, v);
    if (!parent || parent->post.post_id != post_id)
      throw Problem::validation({{"parent_id", "is not a comment on this post"}});
    if (parent->state != "visible") throw Problem::conflict("The comment you reply to was deleted or removed.");
    if (parent->depth + 1 > kMaxDepth)
      throw Problem::validation(
          {{"parent_id", "is nested too deeply (at most " + std::to_string(kMaxDepth) + " levels)"}});
    c.parent_id = parent_id;
    c.root_id = parent->root_id;
    c.depth = parent->depth + 1;
    reply_to = parent->author_id;
  }
  auto permit = co_await content::spend_write_budget(db, config_, v, content::WriteKind::comment);

  // Rendered only once every check and the budget passed.
  auto rendered = co_await content::render_for_write(body, "body");
  c.body_html = std::move(rendered.html);
  auto tx = co_await db.begin();
  const auto id = co_await repo::insert(tx, c);
  co_await uploads::set_media_refs(tx, post_id, id, rendered.media);
  co_await notifications::on_new_comment(tx, id, post_id, p.community.id, v.id, reply_to, content::mentions(body),
                                         v.trace_id);
  const analytics::Event event{.name = "comment", .user_id = v.id, .community_id = p.community.id};
  co_await analytics::record(tx, event, v.trace_id);
  co_await tx.commit();
  auto json = co_await repo::json_by_id(db, id, v.id);
  co_return std::pair{id, std::move(json)};
}

Task<std::string> Service::get(db::Pool& db, const Viewer& v, std::int64_t id) {
  co_await visible_comment(db, id, v);
  co_return co_await repo::json_by_id(db, id, v.id);
}

Task<std::string> Service::thread(db::Pool& db, const Viewer& v, std::int64_t post_id, const std::string& sort,
                                  const std::vector<std::string>& after, int roots) {
  auto p = co_await communities::readable_post(db, post_id, v);
  if (thread_hidden(p)) co_return content::render_page({}, {});
  repo::ThreadQuery q;
  q.post_id = post_id;
  q.viewer_id = v.id;
  q.sort = sort;
  q.after = after;
  q.roots = roots;
  auto t = co_await repo::thread(db, q);
  co_return t.json;
}

Task<std::string> Service::replies(db::Pool& db, const Viewer& v, std::int64_t id, const std::string& sort,
                                   const std::vector<std::string>& after, int limit) {
  co_await visible_comment(db, id, v);
  auto t = co_await repo::replies(db, id, v.id, sort, after, limit);
  co_return t.json;
}

Task<std::string> Service::edit(db::Pool& db, const Viewer& v, std::int64_t id, const std::string& body) {
  check_body(body);
  auto c = co_await visible_comment(db, id, v);
  if (c.author_id != v.id) throw Problem::forbidden("Only the author can edit a comment.");
  communities::require_can_write(c.post.community, v);
  if (c.state != "visible") throw Problem::conflict("This comment was deleted or removed and cannot be edited.");
  if (c.post.state != "visible") throw Problem::conflict("The post was deleted or removed; its comments are final.");
  if (c.post.locked && !c.post.community.can_moderate)
    throw Problem(403, "locked", "Post locked", "This post is locked; its comments cannot be edited.");
  auto permit = co_await content::spend_write_budget(db, config_, v, content::WriteKind::edit);
  auto rendered = co_await content::render_for_write(body, "body");
  auto tx = co_await db.begin();
  co_await repo::edit(tx, id, body, rendered.html);
  co_await uploads::set_media_refs(tx, c.post.post_id, id, rendered.media);
  co_await tx.commit();
  co_return co_await repo::json_by_id(db, id, v.id);
}

Task<void> Service::remove_own(db::Pool& db, const Viewer& v, std::int64_t id) {
  auto c = co_await communities::readable_comment(db, id, v);
  if (c.author_id != v.id) throw Problem::forbidden("Only the author can delete a comment; moderators remove it.");
  if (c.state == "removed") throw Problem::conflict("A moderator removed this comment.");
  co_await repo::set_state(db, id, "deleted");
}

Task<std::string> Service::moderate(db::Pool& db, const Viewer& v, std::int64_t id, const std::string& action,
                                    const std::string& reason) {
  content::FieldRules().line("reason", reason, 0, 500).enforce();
  auto c = co_await communities::readable_comment(db, id, v);
  communities::require_moderator(c.post.community);
  if (action == "restore" && c.state != "removed") throw Problem::conflict("Only removed comments can be restored.");
  if (action == "remove" && c.state == "deleted") throw Problem::conflict("The author deleted this comment.");
  auto tx = co_await db.begin();
  const std::string state = action == "remove" ? "removed" : "visible";
  co_await repo::set_state(tx, id, state);
  co_await moderation::log_action(tx, c.post.community.id, v.id, action + "_comment", "comment", id, reason);
  // A named string: GCC 12 mishandles a ?: temporary in a co_awaited call.
  const std::string message =
      action == "remove" ? "removed your comment" + (reason.empty() ? "" : ": " + reason) : "restored your comment";
  co_await notifications::on_mod_action(tx, c.author_id, v.id, c.post.community.id, c.post.post_id, id, message,
                                        v.trace_id);
  co_await tx.commit();
  co_return co_await repo::json_by_id(db, id, v.id);
}

}  // namespace agora::comments
