#include "posts/service.hpp"

#include "analytics/events.hpp"
#include "content/markdown.hpp"
#include "content/mentions.hpp"
#include "content/rules.hpp"
#include "content/write_limits.hpp"
#include "embeddings/jobs.hpp"
#include "moderation/audit.hpp"
#include "notifications/fanout.hpp"
#include "posts/repo.hpp"
#include "posts/views.hpp"
#include "uploads/access.hpp"

namespace agora::posts {

using communities::Viewer;

namespace {

// Title, body and tags as a person typed them: lengths, no control or
// bidirectional-override characters, Markdown that renders within bounds.
void check_fields(content::FieldRules& rules, const std::optional<std::string>& title,
                  const std::optional<std::string>& body) {
  rules.line("title", title, 1, 300).text("body", body, 0, 40000).markdown("body", body);
}

}  // namespace

Task<std::pair<std::int64_t, std::string>> Service::create(db::Pool& db, const Viewer& v,
                                                           const std::string& community_slug, const PostInput& in) {
  content::FieldRules rules;
  check_fields(rules, in.title, in.body);
  auto tags = content::normalize_tags(in.tags.value_or(std::vector<std::string>{}), rules);
  rules.enforce();
  auto c = co_await communities::readable_community(db, community_slug, v);
  communities::require_can_post(c, v);
  auto permit = co_await content::spend_write_budget(db, config_, v, content::WriteKind::post);

  // Rendered only now: a refused request costs no rendering.
  const auto body = in.body.value_or("");
  auto rendered = co_await content::render_for_write(body, "body");
  repo::NewPost p{c.id, v.id, in.title, body, std::move(rendered.html), std::move(tags)};
  auto tx = co_await db.begin();
  const auto id = co_await repo::insert(tx, p);
  co_await uploads::set_media_refs(tx, id, 0, rendered.media);
  co_await notifications::on_new_post(tx, id, c.id, v.id, content::mentions(in.title + "\n" + body), v.trace_id);
  const analytics::Event event{.name = "post", .user_id = v.id, .community_id = c.id};
  co_await analytics::record(tx, event, v.trace_id);
  co_await embeddings::enqueue_post(tx, id, v.trace_id);
  co_await tx.commit();
  auto json = co_await repo::json_by_id(db, id, v.id);
  co_return std::pair{id, std::move(json)};
}

Task<std::string> Service::get(db::Pool& db, const Viewer& v, std::int64_t id) {
  co_await communities::readable_post(db, id, v);
  ViewCounter::global().add(id);
  co_return co_await repo::json_by_id(db, id, v.id);
}

Task<std::string> Service::edit(db::Pool& db, const Viewer& v, std::int64_t id, const std::optional<std::string>& title,
                                const std::optional<std::string>& body,
                                const std::optional<std::vector<std::string>>& tags) {
  content::FieldRules rules;
  check_fields(rules, title, body);
  std::optional<std::vector<std::string>> clean_tags;
  if (tags) clean_tags = content::normalize_tags(*tags, rules);
  rules.check(title || body || tags, "body", "send at least one of title, body, tags").enforce();
  auto p = co_await communities::readable_post(db, id, v);
  if (p.author_id != v.id) throw Problem::forbidden("Only the author can edit a post.");
  communities::require_can_write(p.community, v);
  if (p.state != "visible") throw Problem::conflict("This post was deleted or removed and cannot be edited.");
  auto permit = co_await content::spend_write_budget(db, config_, v, content::WriteKind::edit);

  repo::Edit e{title, body, std::nullopt, clean_tags};
  std::optional<content::Rendered> rendered;
  if (body) {
    rendered = co_await content::render_for_write(*body, "body");
    e.body_html = std::move(rendered->html);
  }
  auto tx = co_await db.begin();
  co_await repo::edit(tx, id, v.id, e);
  if (rendered) co_await uploads::set_media_refs(tx, id, 0, rendered->media);
  const analytics::Event event{.name = "post_edited", .user_id = v.id, .community_id = p.community.id};
  co_await analytics::record(tx, event, v.trace_id);
  co_await embeddings::enqueue_post(tx, id, v.trace_id);
  co_await tx.commit();
  co_return co_await repo::json_by_id(db, id, v.id);
}

Task<void> Service::remove_own(db::Pool& db, const Viewer& v, std::int64_t id) {
  auto p = co_await communities::readable_post(db, id, v);
  if (p.author_id != v.id) throw Problem::forbidden("Only the author can delete a post; moderators remove it.");
  if (p.state == "deleted") co_return;
  if (p.state == "removed") throw Problem::conflict("A moderator removed this post.");
  auto tx = co_await db.begin();
  co_await repo::set_state(tx, id, "deleted");
  co_await tx.commit();
}

Task<std::string> Service::revisions(db::Pool& db, const Viewer& v, std::int64_t id,
                                     const std::vector<std::string>& after, int limit) {
  auto p = co_await communities::readable_post(db, id, v);
  // Old versions of removed or deleted posts stay with moderators.
  if (p.state != "visible" && !p.community.can_moderate) throw Problem::not_found("No post with this id.");
  co_return co_await repo::revisions_json(db, id, after, limit);
}

Task<std::string> Service::moderate(db::Pool& db, const Viewer& v, std::int64_t id, const std::string& action,
                                    const std::string& reason) {
  content::FieldRules().line("reason", reason, 0, 500).enforce();
  auto p = co_await communities::readable_post(db, id, v);
  communities::require_moderator(p.community);
  auto tx = co_await db.begin();
  std::string message;
  if (action == "remove") {
    if (p.state == "deleted") throw Problem::conflict("The author deleted this post.");
    co_await repo::set_state(tx, id, "removed");
    message = "removed your post" + (reason.empty() ? "" : ": " + reason);
  } else if (action == "restore") {
    if (p.state != "removed") throw Problem::conflict("Only removed posts can be restored.");
    co_await repo::set_state(tx, id, "visible");
    message = "restored your post";
  } else if (action == "lock" || action == "unlock") {
    co_await repo::set_locked(tx, id, action == "lock");
  } else if (action == "pin" || action == "unpin") {
    co_await repo::set_pinned(tx, id, action == "pin");
  }
  co_await moderation::log_action(tx, p.community.id, v.id, action + "_post", "post", id, reason);
  if (!message.empty())
    co_await notifications::on_mod_action(tx, p.author_id, v.id, p.community.id, id, 0, message, v.trace_id);
  co_await tx.commit();
  co_return co_await repo::json_by_id(db, id, v.id);
}

}  // namespace agora::posts
