// `agora relay` (AGORA_QUEUE=sqs): moves committed outbox rows to SQS
// (jobs/relay.hpp), with /livez, /readyz and /metrics on AGORA_HTTP_PORT like
// `agora serve`. Two replicas run; one sends at a time.
#include <iostream>

#include "app/commands.hpp"
#include "app/health_routes.hpp"
#include "http/server.hpp"
#include "jobs/relay.hpp"

namespace agora::app {

int relay(const Config& base, const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::cerr << "usage: agora relay   (moves outbox rows to SQS; needs AGORA_QUEUE=sqs)\n";
    return args[0] == "--help" || args[0] == "-h" ? 0 : 2;
  }
  if (base.queue != "sqs") {
    std::cerr << "agora relay: AGORA_QUEUE is '" << base.queue
              << "': the relay moves jobs to SQS and is only needed with AGORA_QUEUE=sqs\n";
    return 2;
  }
  Config config = base;
  config.http_threads = 1;
  config.drain = std::chrono::milliseconds(0);
  const auto sqs = jobs::make_sqs(config, 4);
  http::Router router;
  http::Pipeline pipeline(router, config);
  add_health_routes(router, pipeline);
  http::Server server(config, pipeline);
  server.add_background_task(
      [&](db::Pool& pool) { return jobs::relay_loop(pool, sqs, config.database_url, config.db_connect_timeout); });
  server.run(/*handle_signals=*/true);
  return 0;
}

}  // namespace agora::app
