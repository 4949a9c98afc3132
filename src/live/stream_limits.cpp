#include "live/stream_limits.hpp"

#include <mutex>
#include <unordered_map>
#include <utility>

#include "core/errors.hpp"
#include "core/metrics.hpp"

namespace agora::live {

struct StreamLimits::State {
  Caps caps;
  std::mutex mutex;
  int total = 0;
  std::unordered_map<std::string, int> by_client;
  std::unordered_map<std::int64_t, int> by_user;
};

namespace {

template <class Map, class Key>
void decrement(Map& map, const Key& key) {
  auto it = map.find(key);
  if (it != map.end() && --it->second <= 0) map.erase(it);
}

struct Ticket {
  Ticket(std::shared_ptr<StreamLimits::State> s, std::string c, std::int64_t u)
      : state(std::move(s)), client(std::move(c)), user_id(u) {}
  std::shared_ptr<StreamLimits::State> state;
  std::string client;
  std::int64_t user_id;
  ~Ticket() {
    std::lock_guard lock(state->mutex);
    --state->total;
    decrement(state->by_client, client);
    if (user_id) decrement(state->by_user, user_id);
  }
};

Problem over_cap(const char* what) {
  metrics::Registry::global()
      .counter("live_streams_refused_total", "Live-update streams refused: a stream cap was reached.")
      .inc();
  return Problem::unavailable(10, std::string("Too many open live-update streams ") + what + "; retry later.");
}

}  // namespace

StreamLimits::StreamLimits(Caps caps) : state_(std::make_shared<State>()) { state_->caps = caps; }
StreamLimits::~StreamLimits() = default;

std::shared_ptr<void> StreamLimits::acquire(const std::string& client, std::int64_t user_id) {
  std::lock_guard lock(state_->mutex);
  if (state_->total >= state_->caps.total) throw over_cap("on this server");
  auto client_it = state_->by_client.find(client);
  if (client_it != state_->by_client.end() && client_it->second >= state_->caps.per_client)
    throw over_cap("from this address");
  if (user_id) {
    auto user_it = state_->by_user.find(user_id);
    if (user_it != state_->by_user.end() && user_it->second >= state_->caps.per_user)
      throw over_cap("for this account");
    ++state_->by_user[user_id];
  }
  ++state_->by_client[client];
  ++state_->total;
  // Built in place: a temporary Ticket would release on destruction.
  return std::make_shared<Ticket>(state_, client, user_id);
}

}  // namespace agora::live
