#pragma once
// One LISTEN connection: connects without blocking its event loop, LISTENs
// on a channel and hands over notifications as they arrive. Used by the live
// hub (events for streams) and the job worker (wake-ups). A lost connection
// throws Unavailable from next(); the owner reconnects (notifications sent
// meanwhile are lost, so owners re-check their state after reconnecting).
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/task.hpp"

namespace agora::db {

class Listener {
 public:
  using Clock = std::chrono::steady_clock;

  // `channel` must be a constant identifier, never user input.
  static Task<std::unique_ptr<Listener>> connect(const std::string& conninfo, const std::string& channel,
                                                 std::chrono::milliseconds timeout);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // The payloads of the notifications that arrived, waiting for at least one
  // until `deadline` (forever without one); empty on timeout. Throws
  // Unavailable when the connection is lost.
  Task<std::vector<std::string>> next(std::optional<Clock::time_point> deadline = std::nullopt);

  struct Impl;
  explicit Listener(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace agora::db
