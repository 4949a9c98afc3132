#include "app/commands.hpp"
#include "app/housekeeping.hpp"
#include "app/wiring.hpp"
#include "core/log.hpp"
#include "db/pool.hpp"
#include "http/server.hpp"

namespace agora::app {

int serve(const Config& config) {
  BlockingPool hashing(config.hash_threads);
  accounts::Service accounts(config, hashing);

  http::Router router;
  http::Pipeline pipeline(router, config);
  add_all_routes(router, pipeline, accounts, config);

  http::Server server(config, pipeline);
  server.add_background_task([](db::Pool& pool) { return view_flush_loop(pool, std::chrono::seconds(5)); });
  server.add_background_task([](db::Pool& pool) { return business_metrics_loop(pool, std::chrono::seconds(60)); });
  server.run(/*handle_signals=*/true);
  return 0;
}

}  // namespace agora::app
