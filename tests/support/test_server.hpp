#pragma once
// The real HTTP server, wired exactly as `agora serve` wires it
// (app::add_all_routes), running on an ephemeral port in a thread.
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "accounts/service.hpp"
#include "core/config.hpp"
#include "support/http_client.hpp"

namespace agora::http {
class Router;
class Pipeline;
class Server;
}  // namespace agora::http

namespace agora::test {

// Test defaults: port 0, 2 event loops, cheap Argon2id, no drain, no access
// log, auth rate limits high enough not to get in the way (tests of the
// limits lower them).
Config test_config(const std::string& database_url);

// Registers routes before app::add_all_routes does: a test of a module can
// serve its routes with test dependencies (modules whose add_routes leaves
// already registered routes alone, like email::add_routes, keep them).
using RouteHook = std::function<void(http::Router&, accounts::Service&, const Config&)>;

class TestServer {
 public:
  explicit TestServer(const std::string& database_url, const std::function<void(Config&)>& tweak = {},
                      const RouteHook& before_routes = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  const Config& config() const { return config_; }
  accounts::Service& accounts() { return *accounts_; }
  HttpClient client() const { return HttpClient(port_); }

  // Shuts the server down (no drain) and waits for run() to return; aborts
  // the run if that takes longer than `timeout`. The destructor calls it.
  void stop(std::chrono::milliseconds timeout = std::chrono::seconds(30));

 private:
  Config config_;
  std::unique_ptr<BlockingPool> hashing_;
  std::unique_ptr<accounts::Service> accounts_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Pipeline> pipeline_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::exception_ptr failure_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace agora::test
