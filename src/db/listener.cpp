#include "db/listener.hpp"

#include <libpq-fe.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/errors.hpp"

namespace agora::db {
namespace asio = boost::asio;
using asio::posix::stream_descriptor;

namespace {

std::string error_of(PGconn* conn) {
  std::string s = PQerrorMessage(conn);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

// The socket is watched through a descriptor that never owns it: libpq
// closes it in PQfinish.
struct Listener::Impl {
  explicit Impl(PGconn* c, std::string ch) : conn(c), channel(std::move(ch)) {}
  ~Impl() {
    if (watch) watch->release();
    PQfinish(conn);
  }
  PGconn* conn;
  std::string channel;
  std::optional<stream_descriptor> watch;

  [[noreturn]] void fail(const std::string& what) const { throw Unavailable("listening on " + channel + ": " + what); }

  // Waits until the socket is readable (or writable), at most until
  // `deadline` when given; false on timeout.
  Task<bool> wait(bool for_write, std::optional<Clock::time_point> deadline) {
    auto ex = co_await asio::this_coro::executor;
    if (watch) watch->release();
    watch.emplace(ex, PQsocket(conn));  // libpq may change sockets while connecting
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
        watch->cancel();
      });
    }
    auto [ec] = co_await watch->async_wait(for_write ? stream_descriptor::wait_write : stream_descriptor::wait_read,
                                           asio::as_tuple(asio::use_awaitable));
    flags->done = true;
    if (timer) timer->cancel();
    co_return !ec && !flags->timed_out;
  }

  std::vector<std::string> take_notifications() const {
    std::vector<std::string> out;
    while (PGnotify* n = PQnotifies(conn)) {
      out.emplace_back(n->extra);
      PQfreemem(n);
    }
    return out;
  }
};

Listener::Listener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Listener::~Listener() = default;

Task<std::unique_ptr<Listener>> Listener::connect(const std::string& conninfo, const std::string& channel,
                                                  std::chrono::milliseconds timeout) {
  PGconn* raw = PQconnectStart(conninfo.c_str());
  if (!raw) throw Unavailable("listening on " + channel + ": out of memory");
  auto impl = std::make_unique<Impl>(raw, channel);
  if (PQstatus(raw) == CONNECTION_BAD) impl->fail(error_of(raw));
  PQsetnonblocking(raw, 1);
  const auto deadline = Clock::now() + timeout;
  for (auto status = PGRES_POLLING_WRITING; status != PGRES_POLLING_OK; status = PQconnectPoll(raw)) {
    if (status == PGRES_POLLING_FAILED) impl->fail(error_of(raw));
    if (!co_await impl->wait(status == PGRES_POLLING_WRITING, deadline)) impl->fail("connect timed out");
  }
  const std::string sql = "LISTEN " + channel;
  if (!PQsendQuery(raw, sql.c_str())) impl->fail(error_of(raw));
  while (PQflush(raw) == 1)
    if (!co_await impl->wait(true, deadline)) impl->fail("LISTEN timed out");
  for (;;) {
    while (PQisBusy(raw)) {
      if (!co_await impl->wait(false, deadline)) impl->fail("LISTEN timed out");
      if (!PQconsumeInput(raw)) impl->fail(error_of(raw));
    }
    PGresult* r = PQgetResult(raw);
    if (!r) break;
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) impl->fail("LISTEN failed: " + error_of(raw));
  }
  co_return std::make_unique<Listener>(std::move(impl));
}

Task<std::vector<std::string>> Listener::next(std::optional<Clock::time_point> deadline) {
  auto& i = *impl_;
  // Notifications that arrived with the LISTEN reply or a previous read.
  if (auto ready = i.take_notifications(); !ready.empty()) co_return ready;
  for (;;) {
    if (!co_await i.wait(false, deadline)) {
      if (deadline && Clock::now() >= *deadline) co_return std::vector<std::string>{};
      i.fail("waiting on the socket failed");
    }
    if (!PQconsumeInput(i.conn)) i.fail("connection lost: " + error_of(i.conn));
    if (auto got = i.take_notifications(); !got.empty()) co_return got;
  }
}

}  // namespace agora::db
