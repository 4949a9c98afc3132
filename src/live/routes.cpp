#include "live/routes.hpp"

#include "accounts/auth.hpp"
#include "live/comment_stream.hpp"
#include "live/event_text.hpp"
#include "live/hub.hpp"
#include "live/unread_stream.hpp"
#include "posts/routes.hpp"

namespace agora::live {

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config) {
  // One hub (and one LISTEN connection) per server; the routes keep it alive.
  auto hub = std::make_shared<Hub>(config.database_url, config.db_connect_timeout);

  router.add("GET", "/api/v1/posts/{id}/events", [&accounts, hub](http::Request& req) -> Task<http::Response> {
    const auto post_id = posts::id_param(req);
    const auto after = last_event_id(req);
    auto who = co_await accounts::optional_user(req, accounts);
    const auto viewer = communities::Viewer::of(who);
    co_await communities::readable_post(*req.db, post_id, viewer);  // as GET /api/v1/posts/{id}
    auto queue = co_await http::EventQueue::on_this_loop(kQueueCapacity);
    auto subscription = co_await hub->subscribe(post_topic(post_id), queue);
    auto stream = std::make_shared<CommentStream>(queue, std::move(subscription), *req.db, Credentials(req, accounts),
                                                  viewer, post_id);
    if (after) co_await stream->catch_up(*after);
    co_return http::Response::event_stream(std::move(stream));
  });

  router.add("GET", "/api/v1/notifications/events", [&accounts, hub](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto queue = co_await http::EventQueue::on_this_loop(kQueueCapacity);
    auto subscription = co_await hub->subscribe(user_topic(who.user.id), queue);
    auto stream = std::make_shared<UnreadStream>(queue, std::move(subscription), *req.db, Credentials(req, accounts),
                                                 who.user.id);
    co_await stream->send_count_if_changed();  // the count now; changes follow
    co_return http::Response::event_stream(std::move(stream));
  });
}

}  // namespace agora::live
