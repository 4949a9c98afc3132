#include "accounts/routes.hpp"
#include "admin/routes.hpp"
#include "app/commands.hpp"
#include "app/health_routes.hpp"
#include "core/log.hpp"
#include "http/server.hpp"

namespace agora::app {

int serve(const Config& config) {
  BlockingPool hashing(config.hash_threads);
  accounts::Service accounts(config, hashing);

  http::Router router;
  http::Pipeline pipeline(router, config);
  add_health_routes(router, pipeline);
  accounts::add_routes(router, accounts, config);
  admin::add_routes(router, accounts);

  http::Server server(config, pipeline);
  server.run(/*handle_signals=*/true);
  return 0;
}

}  // namespace agora::app
