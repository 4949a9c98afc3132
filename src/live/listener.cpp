#include "live/listener.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.hpp"
#include "db/listener.hpp"
#include "notifications/fanout.hpp"

namespace agora::live {
namespace asio = boost::asio;

namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5000};

// Delivers notifications until the connection fails (throws).
Task<void> pump(db::Listener& conn, Hub::State& state) {
  for (;;)
    for (const auto& payload : co_await conn.next())
      if (auto routed = route_payload(payload)) deliver(state, routed->first, routed->second);
}

// Marks the listener gone when its coroutine ends or is destroyed with its
// loop, so the next subscriber starts a new one.
struct RunningFlag {
  Hub::State& state;
  ~RunningFlag() {
    state.listening = false;
    state.listener_running = false;
  }
};

}  // namespace

Task<void> run_listener(std::shared_ptr<Hub::State> state) {
  RunningFlag running{*state};
  auto backoff = kFirstBackoff;
  for (;;) {
    try {
      auto conn = co_await db::Listener::connect(state->conninfo, notifications::kChannel, state->connect_timeout);
      state->listening = true;
      backoff = kFirstBackoff;
      co_await pump(*conn, *state);
    } catch (const std::exception& e) {
      log::warn("live events listener lost the database; reconnecting", {{"error.message", e.what()}});
    }
    if (state->listening.exchange(false)) close_all(*state);
    asio::steady_timer pause(co_await asio::this_coro::executor, backoff);
    co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

}  // namespace agora::live
