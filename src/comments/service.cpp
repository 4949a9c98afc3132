#include "comments/service.hpp"

#include "content/markdown.hpp"
#include "content/mentions.hpp"
#include "content/rules.hpp"
#include "content/write_limits.hpp"
#include "moderation/audit.hpp"
#include "notifications/fanout.hpp"

namespace agora::comments {

using communities::Viewer;

Task<std::pair<std::int64_t, std::string>> Service::create(db::Pool& db, const Viewer& v, std::int64_t post_id,
                                                           const std::string& body, std::int64_t parent_id) {
  content::FieldRules().length("body", body, 1, 10000).enforce();
  auto p = co_await communities::readable_post(db, post_id, v);
  communities::require_can_post(p.community, v);
  if (p.state != "visible") throw Problem::conflict("This post was deleted or removed; it takes no comments.");
  if (p.locked && !p.community.can_moderate) throw Problem(403, "locked", "Post locked", "This post is locked.");

  repo::NewComment c{post_id, v.id, 0, 0, 0, body, content::render_markdown(body)};
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
  co_await content::spend_write_budget(db, config_, v, content::WriteKind::comment);

  auto tx = co_await db.begin();
  const auto id = co_await repo::insert(tx, c);
  co_await notifications::on_new_comment(tx, id, post_id, p.community.id, v.id, reply_to, content::mentions(body));
  co_await tx.commit();
  auto json = co_await repo::json_by_id(db, id, v.id);
  co_return std::pair{id, std::move(json)};
}

Task<std::string> Service::get(db::Pool& db, const Viewer& v, std::int64_t id) {
  co_await communities::readable_comment(db, id, v);
  co_return co_await repo::json_by_id(db, id, v.id);
}

Task<std::string> Service::thread(db::Pool& db, const Viewer& v, std::int64_t post_id, const std::string& sort,
                                  const std::vector<std::string>& after, int roots) {
  co_await communities::readable_post(db, post_id, v);
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
  co_await communities::readable_comment(db, id, v);
  auto t = co_await repo::replies(db, id, v.id, sort, after, limit);
  co_return t.json;
}

Task<std::string> Service::edit(db::Pool& db, const Viewer& v, std::int64_t id, const std::string& body) {
  content::FieldRules().length("body", body, 1, 10000).enforce();
  auto c = co_await communities::readable_comment(db, id, v);
  if (c.author_id != v.id) throw Problem::forbidden("Only the author can edit a comment.");
  if (v.suspended) throw Problem(403, "suspended", "Account suspended", "This account is suspended.");
  if (c.state != "visible") throw Problem::conflict("This comment was deleted or removed and cannot be edited.");
  co_await repo::edit(db, id, body, content::render_markdown(body));
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
  content::FieldRules().length("reason", reason, 0, 500).enforce();
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
  co_await notifications::on_mod_action(tx, c.author_id, v.id, c.post.community.id, c.post.post_id, id, message);
  co_await tx.commit();
  co_return co_await repo::json_by_id(db, id, v.id);
}

}  // namespace agora::comments
