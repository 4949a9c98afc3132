#include "app/wiring.hpp"

#include "accounts/routes.hpp"
#include "admin/routes.hpp"
#include "app/encoder.hpp"
#include "app/health_routes.hpp"
#include "comments/routes.hpp"
#include "communities/routes.hpp"
#include "email/routes.hpp"
#include "feeds/routes.hpp"
#include "live/routes.hpp"
#include "moderation/routes.hpp"
#include "notifications/routes.hpp"
#include "posts/routes.hpp"
#include "profiles/routes.hpp"
#include "search/routes.hpp"
#include "subscriptions/routes.hpp"
#include "uploads/routes.hpp"
#include "votes/routes.hpp"
#include "web/routes.hpp"

namespace agora::app {

void add_all_routes(http::Router& router, const http::Pipeline& pipeline, accounts::Service& accounts,
                    const Config& config) {
  add_health_routes(router, pipeline);
  accounts::add_routes(router, accounts, config);
  admin::add_routes(router, accounts);
  communities::add_routes(router, accounts, config);
  posts::add_routes(router, accounts, config);
  comments::add_routes(router, accounts, config);
  votes::add_routes(router, accounts, config);
  notifications::add_routes(router, accounts);
  feeds::add_routes(router, accounts);
  subscriptions::add_routes(router, accounts);
  search::add_routes(router, accounts, process_encoder(config));
  moderation::add_routes(router, accounts);
  profiles::add_routes(router, accounts);
  uploads::add_routes(router, accounts, config);
  live::add_routes(router, accounts, config);
  email::add_routes(router, accounts, config);
  web::add_routes(router, config);  // last: it answers only what no route above has
}

}  // namespace agora::app
