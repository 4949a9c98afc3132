#pragma once
#include "accounts/service.hpp"
#include "http/router.hpp"

namespace agora::moderation {

// Reports and the moderation queue, community bans, site-wide suspensions,
// and the moderation log (public per community, complete for admins).
void add_routes(http::Router& router, accounts::Service& accounts);

}  // namespace agora::moderation
