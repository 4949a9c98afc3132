#include "communities/service.hpp"

#include "accounts/repo.hpp"
#include "content/rules.hpp"
#include "live/access_events.hpp"
#include "moderation/audit.hpp"
#include "ratelimit/limiter.hpp"

namespace agora::communities {
namespace {

bool valid_slug(const std::string& s) {
  if (s.size() < 2 || s.size() > 32) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '-'))) return false;
  }
  return true;
}

}  // namespace

Task<std::int64_t> user_id_of(db::Queryable& db, const std::string& username) {
  auto p = co_await accounts::repo::public_profile(db, username);
  if (!p) throw Problem::not_found("No user with this name.");
  co_return p->id;
}

Task<std::string> create(db::Pool& db, const Config& config, const Viewer& v, const CommunityInput& in) {
  content::FieldRules rules;
  rules
      .check(valid_slug(in.slug), "slug",
             "must be 2 to 32 characters from a-z, 0-9, '_' and '-', starting with a letter or digit")
      .line("name", in.name, 1, 100)
      .text("description", in.description, 0, 10000)
      .text("rules", in.rules, 0, 10000)
      .one_of("visibility", in.visibility, {"public", "restricted", "private"})
      .enforce();
  if (v.suspended) throw Problem(403, "suspended", "Account suspended", "This account is suspended.");
  co_await ratelimit::hit(db, "user:community:" + std::to_string(v.id), {config.communities_per_day, 24 * 3600});
  auto tx = co_await db.begin();
  std::int64_t id = 0;
  try {
    const repo::NewCommunity row{in.slug, in.name, in.description.value_or(""), in.rules.value_or(""),
                                 in.visibility.value_or("public")};
    id = co_await repo::insert(tx, row, v.id);
  } catch (const db::QueryError& e) {
    if (e.unique_violation()) throw Problem::conflict("This community name is taken.", {{"slug", "is taken"}});
    throw;
  }
  co_await tx.commit();
  co_return co_await repo::json_by_id(db, id, v.id);
}

Task<std::string> get(db::Pool& db, const Viewer& v, const std::string& slug) {
  auto c = co_await readable_community(db, slug, v);
  co_return co_await repo::json_by_id(db, c.id, v.id);
}

Task<std::string> update(db::Pool& db, const Viewer& v, const std::string& slug, const repo::Changes& changes) {
  content::FieldRules rules;
  rules.line("name", changes.name, 1, 100)
      .text("description", changes.description, 0, 10000)
      .text("rules", changes.rules, 0, 10000)
      .one_of("visibility", changes.visibility, {"public", "restricted", "private"})
      .enforce();
  auto c = co_await readable_community(db, slug, v);
  require_moderator(c);
  // Who may read is the owner's decision, not every moderator's.
  if (changes.visibility && !c.is_owner() && !v.admin)
    throw Problem::forbidden("Only the owner can change who may read the community.");
  auto tx = co_await db.begin();
  co_await repo::update(tx, c.id, changes);
  const std::string note = changes.visibility ? "visibility: " + *changes.visibility : "";
  co_await moderation::log_action(tx, c.id, v.id, "update_community", "community", c.id, note);
  if (changes.visibility && *changes.visibility != c.visibility) co_await live::access_changed_for_community(tx, c.id);
  co_await tx.commit();
  co_return co_await repo::json_by_id(db, c.id, v.id);
}

Task<std::string> join(db::Pool& db, const Viewer& v, const std::string& slug) {
  auto c = co_await readable_community(db, slug, v);
  if (!c.role.empty()) co_return c.role;
  if (c.banned) throw Problem(403, "banned", "Banned from this community", "You are banned from this community.");
  if (c.visibility != "public") throw Problem::forbidden("This community is invite-only: a moderator adds members.");
  auto tx = co_await db.begin();
  co_await repo::add_member(tx, c.id, v.id, "member");
  co_await tx.commit();
  co_return "member";
}

Task<void> leave(db::Pool& db, const Viewer& v, const std::string& slug) {
  auto c = co_await readable_community(db, slug, v);
  if (c.is_owner()) throw Problem::conflict("The owner cannot leave; hand the community over first.");
  auto tx = co_await db.begin();
  co_await repo::remove_member(tx, c.id, v.id);
  co_await live::access_changed_for_user(tx, v.id);
  co_await tx.commit();
}

Task<void> set_member(db::Pool& db, const Viewer& v, const std::string& slug, const std::string& username,
                      const std::string& role) {
  content::FieldRules().one_of("role", role, {"member", "moderator"}).enforce();
  auto c = co_await readable_community(db, slug, v);
  require_moderator(c);
  const auto user_id = co_await user_id_of(db, username);
  const auto current = co_await repo::role_of(db, c.id, user_id);
  if (current == "owner") throw Problem::conflict("The owner's role cannot be changed.");
  const bool touches_moderators = role == "moderator" || current == "moderator";
  if (touches_moderators && !c.is_owner() && !v.admin)
    throw Problem::forbidden("Only the owner appoints or demotes moderators.");
  if (current == role) co_return;
  auto tx = co_await db.begin();
  if (current.empty()) {
    co_await tx.query("DELETE FROM community_bans WHERE community_id = $1 AND user_id = $2", db::Params(c.id, user_id));
    co_await repo::add_member(tx, c.id, user_id, role);
  } else {
    co_await repo::set_role(tx, c.id, user_id, role);
  }
  // A role change changes what the user may see (removed posts): their streams re-check.
  if (!current.empty()) co_await live::access_changed_for_user(tx, user_id);
  const std::string action = role == "moderator" ? "add_moderator" : "add_member";
  const std::string note = current.empty() ? "" : "was " + current;
  co_await moderation::log_action(tx, c.id, v.id, action, "user", user_id, note);
  co_await tx.commit();
}

Task<void> remove_member(db::Pool& db, const Viewer& v, const std::string& slug, const std::string& username) {
  auto c = co_await readable_community(db, slug, v);
  require_moderator(c);
  const auto user_id = co_await user_id_of(db, username);
  const auto current = co_await repo::role_of(db, c.id, user_id);
  if (current.empty()) throw Problem::not_found("This user is not a member.");
  if (current == "owner") throw Problem::conflict("The owner cannot be removed.");
  if (current == "moderator" && !c.is_owner() && !v.admin)
    throw Problem::forbidden("Only the owner removes moderators.");
  auto tx = co_await db.begin();
  co_await repo::remove_member(tx, c.id, user_id);
  co_await live::access_changed_for_user(tx, user_id);
  co_await moderation::log_action(tx, c.id, v.id, "remove_member", "user", user_id, "was " + current);
  co_await tx.commit();
}

}  // namespace agora::communities
