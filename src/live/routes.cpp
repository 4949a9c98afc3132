#include "live/routes.hpp"

#include "accounts/auth.hpp"
#include "live/comment_stream.hpp"
#include "live/event_text.hpp"
#include "live/hub.hpp"
#include "live/stream_limits.hpp"
#include "live/unread_stream.hpp"
#include "posts/routes.hpp"

namespace agora::live {

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config) {
  // One hub (and one LISTEN connection) per server; the routes keep it alive.
  auto hub = std::make_shared<Hub>(config.database_url, config.db_connect_timeout);
  auto limits = std::make_shared<StreamLimits>(StreamLimits::Caps{
      config.live_max_streams, config.live_max_streams_per_client, config.live_max_streams_per_user});
  const std::chrono::milliseconds max_age = config.live_max_stream_age;

  router.add("GET", "/api/v1/posts/{id}/events",
             [&accounts, hub, limits, max_age](http::Request& req) -> Task<http::Response> {
               const auto post_id = posts::id_param(req);
               const auto after = last_event_id(req);
               auto who = co_await accounts::optional_user(req, accounts);
               const auto viewer = communities::Viewer::of(who);
               // As GET /api/v1/posts/{id}.
               const auto post = co_await communities::readable_post(*req.db, post_id, viewer);
               auto holds = std::make_shared<std::vector<std::shared_ptr<void>>>();
               holds->push_back(limits->acquire(req.client_ip, viewer.id));
               auto queue = co_await http::EventQueue::on_this_loop(kQueueCapacity);
               // The post's comments, and the access events that concern this
               // reader: those of the community, and the user's own.
               holds->push_back(co_await hub->subscribe(post_topic(post_id), queue));
               holds->push_back(co_await hub->subscribe(community_topic(post.community.id), queue));
               if (viewer.signed_in()) holds->push_back(co_await hub->subscribe(user_topic(viewer.id), queue));
               auto stream = std::make_shared<CommentStream>(queue, std::move(holds), max_age, *req.db,
                                                             Credentials(req, accounts), viewer, post_id);
               if (after) co_await stream->catch_up(*after);
               co_return http::Response::event_stream(std::move(stream));
             });

  router.add("GET", "/api/v1/notifications/events",
             [&accounts, hub, limits, max_age](http::Request& req) -> Task<http::Response> {
               auto who = co_await accounts::require_user(req, accounts);
               auto holds = std::make_shared<std::vector<std::shared_ptr<void>>>();
               holds->push_back(limits->acquire(req.client_ip, who.user.id));
               auto queue = co_await http::EventQueue::on_this_loop(kQueueCapacity);
               holds->push_back(co_await hub->subscribe(user_topic(who.user.id), queue));
               auto stream = std::make_shared<UnreadStream>(queue, std::move(holds), max_age, *req.db,
                                                            Credentials(req, accounts), who.user.id);
               co_await stream->send_count_if_changed();  // the count now; changes follow
               co_return http::Response::event_stream(std::move(stream));
             });
}

}  // namespace agora::live
