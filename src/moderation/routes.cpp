#include "moderation/routes.hpp"

#include "accounts/auth.hpp"
#include "communities/access.hpp"
#include "communities/repo.hpp"
#include "communities/service.hpp"
#include "content/paging.hpp"
#include "content/rules.hpp"
#include "core/json_body.hpp"
#include "live/access_events.hpp"
#include "moderation/audit.hpp"
#include "moderation/repo.hpp"
#include "notifications/fanout.hpp"
#include "posts/routes.hpp"
#include "ratelimit/limiter.hpp"

namespace agora::moderation {
namespace {

using communities::Viewer;

JsonBody body_of(const http::Request& req) {
  return JsonBody::parse(req.header("content-type").value_or(""), req.body);
}

std::string slug_of(const http::Request& req) {
  std::string s(req.param("slug"));
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void add_routes(http::Router& router, accounts::Service& accounts) {
  router.add("POST", "/api/v1/reports", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto body = body_of(req);
    auto type = body.required_string("target_type", 64);
    auto target = body.optional_int("target_id");
    auto reason = body.required_string("reason", 64);
    auto details = body.optional_string("details", 10'000).value_or("");
    if (!target) body.required_string("target_id");
    body.finish();
    content::FieldRules()
        .one_of("target_type", type, {"post", "comment"})
        .one_of("reason", reason,
                {"spam", "harassment", "hate", "violence", "sexual", "misinformation", "off_topic", "other"})
        .text("details", details, 0, 1000)
        .check(*target > 0, "target_id", "must be a positive id")
        .enforce();
    auto v = Viewer::of(who);
    std::int64_t community = 0;
    if (type == "post") {
      auto p = co_await communities::readable_post(*req.db, *target, v);
      communities::require_can_write(p.community, v);  // a banned user reports nothing there
      community = p.community.id;
    } else {
      auto c = co_await communities::readable_comment(*req.db, *target, v);
      communities::require_can_write(c.post.community, v);
      community = c.post.community.id;
    }
    co_await ratelimit::hit(*req.db, "user:report:" + std::to_string(v.id), {30, 3600});
    co_await repo::insert_report(*req.db, community, v.id, type, *target, reason, details);
    // The same answer whether or not this reporter had already reported it.
    co_return http::Response::json(202, "{\"status\":\"received\"}");
  });

  router.add("GET", "/api/v1/communities/{slug}/reports", [&](http::Request& req) -> Task<http::Response> {
    const auto status = content::choice_param(req, "status", {"open", "actioned", "dismissed"}, "open");
    const int limit = content::page_limit(req, 25, 100);
    const auto after = content::typed_cursor_param(req, {content::CursorField::id});
    auto who = co_await accounts::require_user(req, accounts);
    auto v = Viewer::of(who);
    auto c = co_await communities::readable_community(*req.db, slug_of(req), v);
    communities::require_moderator(c);
    auto page = co_await repo::reports(*req.db, c.id, status, after, limit);
    co_return http::Response::json(200, content::render_page(page.items, page.last_key));
  });

  router.add("POST", "/api/v1/reports/{id}/resolve", [&](http::Request& req) -> Task<http::Response> {
    const auto id = posts::id_param(req);
    auto who = co_await accounts::require_user(req, accounts);
    auto v = Viewer::of(who);
    auto body = body_of(req);
    auto status = body.required_string("status", 64);
    body.finish();
    content::FieldRules().one_of("status", status, {"actioned", "dismissed"}).enforce();
    auto report = co_await repo::report(*req.db, id);
    if (!report) throw Problem::not_found("No report with this id.");
    auto role = co_await communities::repo::role_of(*req.db, report->community_id, v.id);
    if (role != "owner" && role != "moderator" && !v.admin) throw Problem::not_found("No report with this id.");
    auto tx = co_await req.db->begin();
    co_await repo::resolve_report(tx, id, v.id, status);
    co_await log_action(tx, report->community_id, v.id, "resolve_report", "report", id, status);
    co_await tx.commit();
    co_return http::Response::no_content();
  });

  router.add("PUT", "/api/v1/communities/{slug}/bans/{username}", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto v = Viewer::of(who);
    auto body = body_of(req);
    auto reason = body.required_string("reason", 4000);
    auto days = body.optional_int("days");
    body.finish();
    content::FieldRules()
        .line("reason", reason, 1, 500)
        .check(!days || (*days >= 1 && *days <= 3650), "days", "must be from 1 to 3650 (leave out for a permanent ban)")
        .enforce();
    auto c = co_await communities::readable_community(*req.db, slug_of(req), v);
    communities::require_moderator(c);
    const auto user_id = co_await communities::user_id_of(*req.db, std::string(req.param("username")));
    if (user_id == v.id) throw Problem::conflict("You cannot ban yourself.");
    const auto role = co_await communities::repo::role_of(*req.db, c.id, user_id);
    if (role == "owner") throw Problem::conflict("The owner cannot be banned.");
    if (role == "moderator" && !c.is_owner() && !v.admin) throw Problem::forbidden("Only the owner bans moderators.");
    auto tx = co_await req.db->begin();
    co_await repo::ban(tx, c.id, user_id, v.id, reason, days);
    co_await communities::repo::remove_member(tx, c.id, user_id);
    co_await log_action(tx, c.id, v.id, "ban_user", "user", user_id, reason);
    co_await live::access_changed_for_user(tx, user_id);
    co_await notifications::on_mod_action(tx, user_id, v.id, c.id, 0, 0, "banned you from " + c.slug + ": " + reason,
                                          v.trace_id);
    co_await tx.commit();
    co_return http::Response::no_content();
  });

  router.add("DELETE", "/api/v1/communities/{slug}/bans/{username}", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto v = Viewer::of(who);
    auto c = co_await communities::readable_community(*req.db, slug_of(req), v);
    communities::require_moderator(c);
    const auto user_id = co_await communities::user_id_of(*req.db, std::string(req.param("username")));
    auto tx = co_await req.db->begin();
    const bool was = co_await repo::unban(tx, c.id, user_id);
    if (!was) throw Problem::not_found("This user is not banned here.");
    co_await log_action(tx, c.id, v.id, "unban_user", "user", user_id, "");
    co_await tx.commit();
    co_return http::Response::no_content();
  });

  router.add("GET", "/api/v1/communities/{slug}/modlog", [&](http::Request& req) -> Task<http::Response> {
    const int limit = content::page_limit(req, 50, 200);
    const auto after = content::typed_cursor_param(req, {content::CursorField::id});
    auto who = co_await accounts::optional_user(req, accounts);
    auto v = Viewer::of(who);
    auto c = co_await communities::readable_community(*req.db, slug_of(req), v);
    auto page = co_await repo::log(*req.db, c.id, after, limit);
    co_return http::Response::json(200, content::render_page(page.items, page.last_key));
  });

  router.add("PUT", "/api/v1/admin/users/{username}/suspension", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_role(req, accounts, "admin");
    auto body = body_of(req);
    auto reason = body.required_string("reason", 4000);
    auto days = body.optional_int("days");
    if (!days) body.required_string("days");
    body.finish();
    content::FieldRules()
        .line("reason", reason, 1, 500)
        .check(*days >= 1 && *days <= 3650, "days", "must be from 1 to 3650")
        .enforce();
    const auto user_id = co_await communities::user_id_of(*req.db, std::string(req.param("username")));
    if (user_id == who.user.id) throw Problem::conflict("You cannot suspend yourself.");
    auto tx = co_await req.db->begin();
    co_await repo::suspend(tx, user_id, reason, *days);
    co_await log_action(tx, 0, who.user.id, "suspend_user", "user", user_id, reason);
    co_await live::access_changed_for_user(tx, user_id);
    co_await tx.commit();
    co_return http::Response::no_content();
  });

  router.add("DELETE", "/api/v1/admin/users/{username}/suspension", [&](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_role(req, accounts, "admin");
    const auto user_id = co_await communities::user_id_of(*req.db, std::string(req.param("username")));
    auto tx = co_await req.db->begin();
    const bool was = co_await repo::unsuspend(tx, user_id);
    if (!was) throw Problem::not_found("This user is not suspended.");
    co_await log_action(tx, 0, who.user.id, "unsuspend_user", "user", user_id, "");
    co_await tx.commit();
    co_return http::Response::no_content();
  });

  router.add("GET", "/api/v1/admin/audit-log", [&](http::Request& req) -> Task<http::Response> {
    const int limit = content::page_limit(req, 50, 200);
    const auto after = content::typed_cursor_param(req, {content::CursorField::id});
    co_await accounts::require_role(req, accounts, "admin");
    auto page = co_await repo::log(*req.db, 0, after, limit);
    co_return http::Response::json(200, content::render_page(page.items, page.last_key));
  });
}

}  // namespace agora::moderation
