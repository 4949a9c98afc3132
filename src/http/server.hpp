#pragma once
// The HTTP/1.1 server: Boost.Beast on Asio C++20 coroutines.
//
// One acceptor hands connections round-robin to N event loops (one thread
// each); every loop owns its database pool, so a request never crosses
// threads. Shutdown follows the Kubernetes contract (docs/architecture.md):
// readiness fails, a drain window during which requests are still served but
// answered with `Connection: close`, then the listener closes, idle
// connections are closed, in-flight requests finish (bounded by a deadline),
// and run() returns.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include "core/config.hpp"
#include "http/pipeline.hpp"

namespace agora::db {
class Pool;
}

namespace agora::http {

class Server {
 public:
  Server(const Config& config, Pipeline& pipeline);
  ~Server();

  // Binds, serves and returns once a shutdown has completed. With
  // `handle_signals`, SIGTERM starts a drained shutdown and SIGINT (Ctrl-C)
  // one without the drain window.
  void run(bool handle_signals);

  // Thread-safe; what SIGTERM does. `drain` false skips the drain window.
  void begin_shutdown(bool drain = true);

  // Work that runs beside the requests on the first event loop, with its
  // database pool (e.g. housekeeping); started by run(), stopped with it.
  void add_background_task(std::function<Task<void>(db::Pool&)> task);

  // Work to finish at shutdown once the listener is closed, before the
  // loops stop (e.g. the job worker's running jobs), on the first loop; it
  // gets the shutdown deadline and must return by then.
  void add_shutdown_task(std::function<Task<void>(std::chrono::steady_clock::time_point deadline)> task);

  // The bound port once listening (useful with AGORA_HTTP_PORT=0), else 0.
  int port() const { return port_.load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<int> port_{0};
};

}  // namespace agora::http
