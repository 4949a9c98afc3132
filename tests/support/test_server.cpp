#include "support/test_server.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <stdexcept>

#include "app/wiring.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace agora::test {

Config test_config(const std::string& database_url) {
  Config c;
  c.database_url = database_url;
  c.http_host = "127.0.0.1";
  c.http_port = 0;
  c.http_threads = 2;
  c.db_pool_size = 4;
  c.argon2_opslimit = 1;
  c.argon2_memlimit = std::size_t{8192} * 1024;
  c.hash_threads = 2;
  c.drain = std::chrono::milliseconds(0);
  c.shutdown_deadline = std::chrono::seconds(5);
  c.access_log = false;
  c.auth_ip_limit_per_minute = 100'000;
  c.login_account_limit_per_15min = 1'000;
  c.web_dir = "off";  // the checkout's web/dist, when built, must not change what unknown paths answer
  return c;
}

TestServer::TestServer(const std::string& database_url, const std::function<void(Config&)>& tweak,
                       const RouteHook& before_routes)
    : config_(test_config(database_url)) {
  if (tweak) tweak(config_);
  hashing_ = std::make_unique<BlockingPool>(config_.hash_threads);
  accounts_ = std::make_unique<accounts::Service>(config_, *hashing_);
  router_ = std::make_unique<http::Router>();
  pipeline_ = std::make_unique<http::Pipeline>(*router_, config_);
  if (before_routes) before_routes(*router_, *accounts_, config_);
  app::add_all_routes(*router_, *pipeline_, *accounts_, config_);
  server_ = std::make_unique<http::Server>(config_, *pipeline_);

  auto finished = std::make_shared<std::atomic<bool>>(false);
  thread_ = std::thread([this, finished] {
    try {
      server_->run(/*handle_signals=*/false);
    } catch (...) {
      failure_ = std::current_exception();
    }
    finished->store(true);
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (server_->port() == 0) {
    if (finished->load() || std::chrono::steady_clock::now() > deadline) {
      if (!finished->load()) server_->begin_shutdown(false);
      thread_.join();
      stopped_ = true;
      if (failure_) std::rethrow_exception(failure_);
      throw std::runtime_error("the test server did not start listening");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  port_ = server_->port();
}

void TestServer::stop(std::chrono::milliseconds timeout) {
  if (stopped_) return;
  stopped_ = true;
  server_->begin_shutdown(false);
  // A shutdown that hangs must fail loudly rather than hang the whole run.
  auto joined = std::async(std::launch::async, [this] { thread_.join(); });
  if (joined.wait_for(timeout) != std::future_status::ready) {
    // (void): the process aborts next; there is nothing else to tell.
    (void)std::fprintf(stderr, "FATAL: the test server did not stop within %lld ms\n",
                       static_cast<long long>(timeout.count()));
    std::abort();
  }
  joined.get();
}

TestServer::~TestServer() {
  stop();
  server_.reset();
}

}  // namespace agora::test
