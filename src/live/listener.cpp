#include "live/listener.hpp"

#include <libpq-fe.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/errors.hpp"
#include "core/log.hpp"
#include "notifications/fanout.hpp"

namespace agora::live {
namespace asio = boost::asio;
using asio::posix::stream_descriptor;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::chrono::milliseconds kFirstBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5000};

std::string error_of(PGconn* conn) {
  std::string s = PQerrorMessage(conn);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The listening connection. Its socket is watched through a descriptor that
// never owns it: libpq closes it in PQfinish.
class Listening {
 public:
  explicit Listening(PGconn* conn) : conn_(conn) {}
  ~Listening() {
    if (watch_) watch_->release();
    PQfinish(conn_);
  }
  PGconn* get() const { return conn_; }

  // Waits until the socket is readable (or writable), at most until
  // `deadline` when given; false on timeout.
  Task<bool> wait(bool for_write, std::optional<Clock::time_point> deadline) {
    auto ex = co_await asio::this_coro::executor;
    if (watch_) watch_->release();
    watch_.emplace(ex, PQsocket(conn_));  // libpq may change sockets while connecting
    // The timer's handler may run after this wait moved on (both can be
    // queued in one loop turn): it acts only while the wait is still on.
    struct Flags {
      bool done = false, timed_out = false;
    };
    auto flags = std::make_shared<Flags>();
    std::optional<asio::steady_timer> timer;
    if (deadline) {
      timer.emplace(ex, *deadline);
      timer->async_wait([this, flags](const boost::system::error_code& ec) {
        if (ec || flags->done) return;
        flags->timed_out = true;
        watch_->cancel();
      });
    }
    auto [ec] = co_await watch_->async_wait(for_write ? stream_descriptor::wait_write : stream_descriptor::wait_read,
                                            asio::as_tuple(asio::use_awaitable));
    flags->done = true;
    if (timer) timer->cancel();
    const bool timed_out = flags->timed_out;
    co_return !ec && !timed_out;
  }

 private:
  PGconn* conn_;
  std::optional<stream_descriptor> watch_;
};

Task<std::unique_ptr<Listening>> connect_and_listen(const Hub::State& state) {
  PGconn* raw = PQconnectStart(state.conninfo.c_str());
  if (!raw) throw Unavailable("live events: out of memory");
  auto conn = std::make_unique<Listening>(raw);
  if (PQstatus(raw) == CONNECTION_BAD) throw Unavailable("live events: " + error_of(raw));
  PQsetnonblocking(raw, 1);
  const auto deadline = Clock::now() + state.connect_timeout;
  for (auto status = PGRES_POLLING_WRITING; status != PGRES_POLLING_OK; status = PQconnectPoll(raw)) {
    if (status == PGRES_POLLING_FAILED) throw Unavailable("live events: " + error_of(raw));
    if (!co_await conn->wait(status == PGRES_POLLING_WRITING, deadline))
      throw Unavailable("live events: connect timed out");
  }
  // The channel name is a constant: no user input reaches this statement.
  const std::string sql = std::string("LISTEN ") + notifications::kChannel;
  if (!PQsendQuery(raw, sql.c_str())) throw Unavailable("live events: " + error_of(raw));
  while (PQflush(raw) == 1)
    if (!co_await conn->wait(true, deadline)) throw Unavailable("live events: LISTEN timed out");
  for (;;) {
    while (PQisBusy(raw)) {
      if (!co_await conn->wait(false, deadline)) throw Unavailable("live events: LISTEN timed out");
      if (!PQconsumeInput(raw)) throw Unavailable("live events: " + error_of(raw));
    }
    PGresult* r = PQgetResult(raw);
    if (!r) break;
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) throw Unavailable("live events: LISTEN failed: " + error_of(raw));
  }
  co_return conn;
}

// Delivers notifications until the connection fails (throws).
Task<void> pump(Listening& conn, Hub::State& state) {
  for (;;) {
    if (!co_await conn.wait(false, std::nullopt)) throw Unavailable("live events: waiting on the socket failed");
    if (!PQconsumeInput(conn.get())) throw Unavailable("live events: connection lost: " + error_of(conn.get()));
    while (PGnotify* n = PQnotifies(conn.get())) {
      if (auto routed = route_payload(n->extra)) deliver(state, routed->first, routed->second);
      PQfreemem(n);
    }
  }
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
      auto conn = co_await connect_and_listen(*state);
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
