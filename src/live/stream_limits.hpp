#pragma once
// Caps on open live streams, per process, per client address and per
// signed-in user: each open stream holds a connection (a file descriptor)
// for as long as its client wants, so without caps a few clients could open
// them until the process runs out of descriptors. Past a cap: 503 with
// Retry-After.
#include <cstdint>
#include <memory>
#include <string>

namespace agora::live {

class StreamLimits {
 public:
  struct Caps {
    int total = 5000;
    int per_client = 16;
    int per_user = 8;
  };
  explicit StreamLimits(Caps caps);
  ~StreamLimits();

  // A ticket for one stream, released when the last copy is dropped (the
  // stream ends). Throws Problem 503 when a cap is reached. `user_id` 0:
  // anonymous (only the client and total caps apply).
  std::shared_ptr<void> acquire(const std::string& client, std::int64_t user_id);

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace agora::live
