#include "http/server.hpp"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <list>
#include <thread>

#include <sys/ioctl.h>
#include <sys/resource.h>
#include <mutex>
#include <unordered_map>

#if defined(__linux__)
#include <linux/filter.h>
#include <linux/sockios.h>
#include <sys/socket.h>
#endif

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "db/pool.hpp"

namespace agora::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::as_tuple;
using asio::use_awaitable;

namespace {

struct Session {
  beast::tcp_stream* stream;
  bool idle = false;                 // waiting for the first byte of the next request
  bool fresh = true;                 // no request read yet: its first one may be on the way
  EventStream* streaming = nullptr;  // set while an event stream is being sent
};

// How long a connection accepted just before the stop may take to send its
// first request. Such a connection is not idle: its client connected to send
// one (a load balancer or browser may also pre-connect, hence the bound).
constexpr std::chrono::milliseconds kFirstRequestGrace{1000};

// A lingering close after answering without reading the body (see session()).
constexpr std::chrono::milliseconds kLingerTime{2000};
constexpr std::size_t kLingerBytes = 1 << 20;

// After new handshakes are refused, how long handshakes already in progress
// (SYN-ACK sent, final ACK on its way) get to land in the accept queue.
constexpr std::chrono::milliseconds kHandshakeGrace{50};

// Open client connections, in total and per peer address, across the loops:
// past either cap a new connection gets a 503 and is closed at once, so a
// flood of idle connections cannot take every file descriptor (accept would
// fail, and with it /livez).
class ConnectionCounts {
 public:
  ConnectionCounts(int max_total, int max_per_peer) : max_total_(max_total), max_per_peer_(max_per_peer) {}

  // True (and counted) when the new connection fits; `peer` empty: not
  // counted per peer (behind a proxy every peer is the proxy).
  bool admit(const std::string& peer) {
    std::lock_guard lock(mutex_);
    if (total_ >= max_total_) return false;
    if (!peer.empty()) {
      int& n = per_peer_[peer];
      if (n >= max_per_peer_) return false;
      ++n;
    }
    ++total_;
    return true;
  }
  void release(const std::string& peer) {
    std::lock_guard lock(mutex_);
    --total_;
    if (peer.empty()) return;
    auto it = per_peer_.find(peer);
    if (it != per_peer_.end() && --it->second <= 0) per_peer_.erase(it);
  }

 private:
  std::mutex mutex_;
  int max_total_, max_per_peer_;
  int total_ = 0;
  std::unordered_map<std::string, int> per_peer_;
};

// The connection cap actually used: the configured one, kept below the
// process's open-file limit (raised to its hard limit first) with room for
// database connections, the listener and files.
int connection_cap(const Config& config) {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return config.http_max_connections;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
    ::getrlimit(RLIMIT_NOFILE, &lim);
  }
  if (lim.rlim_cur == RLIM_INFINITY) return config.http_max_connections;
  const long reserve = 64 + 2L * config.db_pool_size;
  const long room = long(lim.rlim_cur) - reserve;
  return int(std::max(16L, std::min<long>(config.http_max_connections, room)));
}

// Bytes written to the socket that its peer has not acknowledged yet: a
// client that stops reading lets them pile up (TIOCOUTQ / SIOCOUTQ).
std::size_t unacknowledged_bytes(tcp::socket& socket) {
  int n = 0;
#if defined(__linux__)
  if (::ioctl(socket.native_handle(), SIOCOUTQ, &n) != 0) return 0;
#endif
  return n > 0 ? std::size_t(n) : 0;
}

// One event loop: a thread, its io_context, its sessions and its DB pool.
struct Loop {
  asio::io_context ioc{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  std::unique_ptr<db::Pool> pool;
  std::list<Session*> sessions;  // touched only on this loop's thread
  std::atomic<int> active{0};
  bool stopping = false;
  asio::steady_timer grace{ioc};  // closes fresh connections that stay silent after the stop
  std::thread thread;
};

// Makes the kernel drop incoming SYNs on a listening socket while letting
// the rest through (the final ACK of a handshake in progress still completes
// it). Closing a listening socket resets every connection still in its
// accept queue, connections whose clients may have sent a request already;
// with new handshakes stopped first, the queue can be emptied before the
// close. A dropped SYN is retried by the client, which then finds the port
// closed: a refused connect, which it can retry elsewhere.
void stop_new_handshakes(tcp::acceptor& acceptor) {
#if defined(__linux__)
  sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 13),            // TCP flags (the filter sees the TCP header)
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x02, 0, 1),  // SYN?
      BPF_STMT(BPF_RET | BPF_K, 0),                      // drop it
      BPF_STMT(BPF_RET | BPF_K, 0xFFFFFFFF),             // keep everything else
  };
  sock_fprog prog{static_cast<unsigned short>(std::size(code)), code};
  if (::setsockopt(acceptor.native_handle(), SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) != 0)
    log::warn("could not stop new handshakes before closing the listener", {{"error.code", errno}});
#else
  (void)acceptor;
#endif
}

// Beast's stream timeout closes the socket when it fires, which leaves no way
// to answer 408. The reads of a request's head and body therefore run under
// this timer instead: on expiry it only cancels the read, and the session can
// still write its 408 (under the stream's write timeout) before closing. The
// handler may run after the read completed (both queued in one loop turn), so
// it touches the stream only while `done` is false.
class ReadDeadline {
 public:
  ReadDeadline(beast::tcp_stream& stream, std::chrono::steady_clock::duration limit)
      : state_(std::make_shared<State>(State{&stream})), timer_(stream.get_executor(), limit) {
    stream.expires_never();
    timer_.async_wait([st = state_](const beast::error_code& ec) {
      if (ec || st->done) return;
      st->expired = true;
      beast::error_code ignored;
      st->stream->socket().cancel(ignored);
    });
  }
  // Call once the read completed: its error, or `timeout` if this cut it short.
  beast::error_code finish(const beast::error_code& ec) {
    state_->done = true;
    timer_.cancel();
    return state_->expired && ec ? beast::error_code(beast::error::timeout) : ec;
  }

 private:
  struct State {
    beast::tcp_stream* stream;
    bool done = false;
    bool expired = false;
  };
  std::shared_ptr<State> state_;
  asio::steady_timer timer_;
};

// An event stream's client sends nothing after its request, so a read that
// completes means it hung up (or misbehaves): stop the stream now rather
// than at the next heartbeat's failed write. The read goes to the socket,
// not the tcp_stream, whose timer would otherwise cut it.
void stop_on_hangup(beast::tcp_stream& stream, const std::shared_ptr<EventStream>& events) {
  auto scratch = std::make_shared<std::array<char, 256>>();
  stream.socket().async_read_some(asio::buffer(*scratch),
                                  [scratch, events](const beast::error_code&, std::size_t) { events->stop(); });
}

// While an event stream is being sent: counted, and reachable by stop_loop.
class OpenStream {
 public:
  OpenStream(Session& session, EventStream* events) : session_(session) {
    session_.streaming = events;
    gauge().add(1);
  }
  ~OpenStream() {
    session_.streaming = nullptr;
    gauge().add(-1);
  }

 private:
  static metrics::Gauge& gauge() {
    return metrics::Registry::global().gauge("http_event_streams_open", "Open Server-Sent Events streams.");
  }
  Session& session_;
};

// While an event stream is sent: a client that stops reading lets our
// writes pile up unacknowledged in the socket; once they have not drained
// for the write timeout, the stream is stopped and the socket closed. (A
// stream's own writes are tiny and land in the kernel's buffer at once, so
// the write deadline alone would never fire.)
class ProgressWatchdog : public std::enable_shared_from_this<ProgressWatchdog> {
 public:
  ProgressWatchdog(beast::tcp_stream& stream, std::shared_ptr<EventStream> events,
                   std::chrono::milliseconds write_timeout)
      : stream_(stream), events_(std::move(events)), timer_(stream.get_executor()), limit_(write_timeout) {}

  void start() { arm(); }
  void cancel() {
    cancelled_ = true;
    timer_.cancel();
  }

 private:
  void arm() {
    timer_.expires_after(std::max<std::chrono::milliseconds>(std::chrono::milliseconds(50), limit_ / 4));
    timer_.async_wait([self = shared_from_this()](const beast::error_code& ec) {
      if (ec || self->cancelled_) return;
      self->check();
    });
  }
  void check() {
    const auto pending = unacknowledged_bytes(stream_.socket());
    const auto now = std::chrono::steady_clock::now();
    if (pending == 0 || pending < last_pending_) {
      stuck_since_.reset();  // drained, or draining: the client reads
    } else if (!stuck_since_) {
      stuck_since_ = now;
    } else if (now - *stuck_since_ >= limit_) {
      metrics::Registry::global()
          .counter("http_event_streams_stalled_total", "Event streams closed because the client stopped reading.")
          .inc();
      events_->stop();
      beast::error_code ignored;
      stream_.socket().cancel(ignored);
      return;
    }
    last_pending_ = pending;
    arm();
  }

  beast::tcp_stream& stream_;
  std::shared_ptr<EventStream> events_;
  asio::steady_timer timer_;
  std::chrono::milliseconds limit_;
  std::size_t last_pending_ = 0;
  std::optional<std::chrono::steady_clock::time_point> stuck_since_;
  bool cancelled_ = false;
};

// The headers the pipeline gives every response (see Pipeline::handle), for
// the answers the session writes itself (before or without the pipeline).
template <class Message>
void set_common_headers(Message& res, const std::string& request_id) {
  res.set("X-Request-Id", request_id);
  res.set("traceparent", trace_context(std::nullopt).header());
  res.set(bhttp::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Strict-Transport-Security", std::string(kHstsValue));
}

const char* reason_for(const beast::error_code& ec, int& status) {
  if (ec == bhttp::error::header_limit) {
    status = 431;
    return "The request head is too large.";
  }
  if (ec == bhttp::error::body_limit) {
    status = 413;
    return "The request body is too large.";
  }
  if (ec == beast::error::timeout) {
    status = 408;
    return "The request was not received in time.";
  }
  status = 400;
  return "The request is not valid HTTP/1.1.";
}

}  // namespace

struct Server::Impl {
  Impl(const Config& c, Pipeline& p) : config(c), pipeline(p) {}

  const Config& config;
  Pipeline& pipeline;
  std::vector<std::unique_ptr<Loop>> loops;
  std::unique_ptr<tcp::acceptor> acceptor;  // lives on loops[0]
  std::atomic<bool> shutdown_started{false};
  std::atomic<int> next_loop{0};
  Server* self = nullptr;
  int collector_id = 0;
  std::vector<std::function<Task<void>(db::Pool&)>> background;
  std::vector<std::function<Task<void>(std::chrono::steady_clock::time_point)>> shutdown_tasks;
  std::unique_ptr<ConnectionCounts> counts;

  Loop& next_target() { return *loops[std::size_t(next_loop++) % loops.size()]; }

  void start_session(Loop& target, tcp::socket socket) {
    std::string peer = peer_key(socket);
    if (!counts->admit(peer)) {
      asio::co_spawn(target.ioc, refuse(std::move(socket)), asio::detached);
      return;
    }
    // Responses go out in one write; don't let Nagle hold the last segment
    // back waiting for the client's delayed ACK.
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    target.active++;
    asio::co_spawn(target.ioc, session(target, std::move(socket), std::move(peer)), asio::detached);
  }

  Task<void> accept_loop() {
    for (;;) {
      Loop& target = next_target();
      auto [ec, socket] = co_await acceptor->async_accept(target.ioc, as_tuple(use_awaitable));
      // Served even when the listener was closed meanwhile (the completion
      // can be queued behind the close): dropping it would reset a client
      // that has likely sent its request already.
      if (!ec) start_session(target, std::move(socket));
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
      if (ec) {
        log::warn("accept failed", {{"error.message", ec.message()}});
        // E.g. out of file descriptors: back off instead of spinning.
        asio::steady_timer t(acceptor->get_executor(), std::chrono::milliseconds(50));
        co_await t.async_wait(as_tuple(use_awaitable));
      }
    }
  }

  // Stops listening without resetting a connection the kernel has already
  // completed: stop new handshakes, let those in progress land, accept and
  // serve everything queued, then close.
  Task<void> close_listener() {
    stop_new_handshakes(*acceptor);
    asio::steady_timer t(acceptor->get_executor(), kHandshakeGrace);
    co_await t.async_wait(as_tuple(use_awaitable));  // accept_loop keeps accepting meanwhile
    beast::error_code ec;
    acceptor->non_blocking(true, ec);
    while (!ec) {
      Loop& target = next_target();
      tcp::socket socket(target.ioc);
      acceptor->accept(socket, ec);
      if (!ec) start_session(target, std::move(socket));
    }
    acceptor->close(ec);
  }

  Task<void> write_error(beast::tcp_stream& stream, int status, const std::string& detail, unsigned version) {
    Request req;
    req.request_id = request_id(std::nullopt);
    req.path = "";
    req.target = "";
    Problem p(status,
              status == 408   ? "timeout"
              : status == 413 ? "body-too-large"
              : status == 431 ? "header-too-large"
                              : "bad-request",
              status == 408   ? "Request timeout"
              : status == 413 ? "Payload too large"
              : status == 431 ? "Request header fields too large"
                              : "Bad request",
              detail);
    bhttp::response<bhttp::string_body> res{bhttp::status(status), version ? version : 11};
    res.set(bhttp::field::content_type, "application/problem+json");
    set_common_headers(res, req.request_id);
    res.body() = p.to_json("", req.request_id);
    res.keep_alive(false);
    res.prepare_payload();
    stream.expires_after(config.http_write_timeout);
    co_await bhttp::async_write(stream, res, as_tuple(use_awaitable));
    metrics::Registry::global()
        .counter("http_requests_total", "HTTP requests by route, method and status.",
                 metrics::labels({{"route", "unparsed"}, {"method", ""}, {"status", std::to_string(status)}}))
        .inc();
  }

  // The address a connection is counted under; empty behind a proxy, where
  // every connection comes from the load balancer.
  std::string peer_key(const tcp::socket& socket) const {
    if (config.trust_proxy) return {};
    beast::error_code ec;
    const auto remote = socket.remote_endpoint(ec);
    return ec ? std::string() : remote.address().to_string();
  }

  // Answers a connection over the caps with 503 and closes it; its request,
  // if it sent one already, is not read.
  static Task<void> refuse(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    bhttp::response<bhttp::string_body> res{bhttp::status::service_unavailable, 11};
    const std::string id = request_id(std::nullopt);
    res.set(bhttp::field::content_type, "application/problem+json");
    set_common_headers(res, id);
    res.set(bhttp::field::retry_after, "5");
    res.body() = Problem::unavailable(5, "Too many open connections; retry shortly.").to_json("", id);
    res.keep_alive(false);
    res.prepare_payload();
    stream.expires_after(std::chrono::seconds(2));
    co_await bhttp::async_write(stream, res, as_tuple(use_awaitable));
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
    metrics::Registry::global()
        .counter("http_connections_refused_total", "Connections answered 503 at once: over the connection caps.")
        .inc();
  }

  Task<void> session(Loop& loop, tcp::socket socket, std::string peer) {
    beast::error_code ignored;
    const auto remote = socket.remote_endpoint(ignored);
    const std::string client_ip = ignored ? std::string() : remote.address().to_string();
    beast::tcp_stream stream(std::move(socket));
    Session me{&stream};
    loop.sessions.push_front(&me);
    const auto registered = loop.sessions.begin();
    beast::flat_buffer buffer;
    bool unread_body = false;  // answered before reading the request's body

    try {
      for (;;) {
        if (buffer.size() == 0) {
          // Once stopping, a kept-alive connection is closed between
          // requests; a fresh one still gets its first request read (within
          // a short grace), since its client connected to send it. A fresh
          // connection has the header timeout for its first byte: one that
          // sends nothing is not an idle keep-alive connection.
          if (loop.stopping && !me.fresh) break;
          me.idle = true;
          const auto wait = me.fresh ? std::chrono::steady_clock::duration(config.http_header_timeout)
                                     : std::chrono::steady_clock::duration(config.http_idle_timeout);
          stream.expires_after(loop.stopping ? std::min<std::chrono::steady_clock::duration>(kFirstRequestGrace, wait)
                                             : wait);
          auto [ec, n] = co_await stream.async_read_some(buffer.prepare(8192), as_tuple(use_awaitable));
          me.idle = false;
          if (ec) break;  // closed by the client, idle timeout, or shutdown
          buffer.commit(n);
        }
        me.fresh = false;

        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(std::uint32_t(config.http_max_header_bytes));
        parser.body_limit(config.http_max_body_bytes);
        ReadDeadline head_deadline(stream, config.http_header_timeout);
        auto [head_ec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, as_tuple(use_awaitable));
        const beast::error_code hec = head_deadline.finish(head_ec);
        if (hec == bhttp::error::end_of_stream) break;
        if (hec) {
          int status;
          const char* why = reason_for(hec, status);
          co_await write_error(stream, status, why, 11);
          break;
        }
        const auto& head = parser.get();

        Request req;
        req.method = std::string(head.method_string());
        req.target = std::string(head.target());
        for (const auto& f : head) req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
        req.client_ip = client_ip;
        if (config.trust_proxy) {
          // The ALB appends the peer it saw; the last entry is the one we trust.
          if (auto xff = req.header("x-forwarded-for")) {
            auto last = xff->substr(xff->rfind(',') == std::string_view::npos ? 0 : xff->rfind(',') + 1);
            while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
            if (!last.empty()) req.client_ip = std::string(last);
          }
        }
        req.db = loop.pool.get();

        // The route decides how much body it takes, and may refuse the
        // request (e.g. an upload without valid credentials) before a byte
        // of the body is read.
        auto admission = co_await pipeline.admit(req);
        const std::size_t max_body = std::min(admission.max_body_bytes, config.http_max_body_bytes);
        if (admission.response) {
          co_await write_response(loop, stream, *admission.response, head.version(), head.method() == bhttp::verb::head,
                                  /*keep_alive=*/false);
          unread_body = !parser.is_done();
          break;
        }
        if (parser.content_length() && *parser.content_length() > max_body) {
          co_await write_error(stream, 413, "The request body is too large.", head.version());
          unread_body = true;
          break;
        }
        parser.body_limit(max_body);
        if (!parser.is_done()) {
          if (bhttp::token_list(head[bhttp::field::expect]).exists("100-continue")) {
            bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, head.version()};
            stream.expires_after(config.http_write_timeout);
            co_await bhttp::async_write(stream, cont, as_tuple(use_awaitable));
          }
          ReadDeadline body_deadline(stream, config.http_body_timeout);
          auto [body_ec, bn] = co_await bhttp::async_read(stream, buffer, parser, as_tuple(use_awaitable));
          const beast::error_code bec = body_deadline.finish(body_ec);
          if (bec) {
            int status;
            const char* why = reason_for(bec, status);
            if (bec != bhttp::error::end_of_stream && bec != asio::error::eof)
              co_await write_error(stream, status, why, head.version());
            break;
          }
        }

        auto msg = parser.release();
        req.body = std::move(msg.body());

        Response res = co_await pipeline.handle(req);
        if (res.stream && req.method != "HEAD") {
          co_await send_stream(loop, me, stream, res, msg.version());
          break;  // a stream always ends its connection
        }

        const bool keep_alive = msg.keep_alive() && !pipeline.draining() && !loop.stopping;
        const bool written =
            co_await write_response(loop, stream, res, msg.version(), req.method == "HEAD", keep_alive);
        if (!written || !keep_alive) break;
      }
    } catch (const std::exception& e) {
      log::error("connection failed", {{"error.message", e.what()}});
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    // Answered without reading the body the client may still be sending:
    // closing now would make the kernel reset the connection, and the reset
    // can overtake our answer. Read and drop what comes, briefly (a lingering
    // close), so the client sees the answer.
    if (unread_body) co_await linger(stream);
    stream.close();
    loop.sessions.erase(registered);
    loop.active--;
    counts->release(peer);
  }

  // Reads and drops what the client still sends, until it closes, for at
  // most kLingerTime or kLingerBytes.
  static Task<void> linger(beast::tcp_stream& stream) {
    std::array<char, 16384> scratch{};
    std::size_t total = 0;
    stream.expires_after(kLingerTime);
    while (total < kLingerBytes) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch), as_tuple(use_awaitable));
      if (ec) break;
      total += n;
    }
  }

  // Writes one response under the write timeout; false when it failed (the
  // client is gone or too slow to read it).
  Task<bool> write_response(Loop&, beast::tcp_stream& stream, Response& res, unsigned version, bool head,
                            bool keep_alive) {
    bhttp::response<bhttp::string_body> out{bhttp::status(res.status), version};
    if (!res.content_type.empty()) out.set(bhttp::field::content_type, res.content_type);
    for (const auto& [k, v] : res.headers) out.insert(k, v);
    out.body() = std::move(res.body);
    out.keep_alive(keep_alive);
    out.prepare_payload();
    if (head) out.body().clear();
    stream.expires_after(config.http_write_timeout);
    auto [wec, wn] = co_await bhttp::async_write(stream, out, as_tuple(use_awaitable));
    co_return !wec;
  }

  // Writes the head of a streaming response, then each chunk the stream
  // produces (chunked for HTTP/1.1, raw until close for 1.0), each under the
  // write timeout, so a client that stops reading is dropped instead of
  // holding memory. Ends when the stream does, the client hangs up, a write
  // fails, or the loop stops (stop_loop stops every stream).
  Task<void> send_stream(Loop& loop, Session& me, beast::tcp_stream& stream, Response& res, unsigned version) {
    std::shared_ptr<EventStream> events = std::move(res.stream);
    bhttp::response<bhttp::empty_body> head{bhttp::status(res.status), version};
    head.set(bhttp::field::content_type, res.content_type);
    for (const auto& [k, v] : res.headers) head.insert(k, v);
    head.keep_alive(false);
    const bool chunked = version >= 11;
    head.chunked(chunked);
    bhttp::response_serializer<bhttp::empty_body> head_writer{head};
    stream.expires_after(config.http_write_timeout);
    auto [hec, hn] = co_await bhttp::async_write_header(stream, head_writer, as_tuple(use_awaitable));
    stream.expires_never();
    if (hec) {
      events->stop();
      co_return;
    }
    bool broken = false;
    auto watchdog = std::make_shared<ProgressWatchdog>(stream, events, config.http_write_timeout);
    watchdog->start();
    {
      OpenStream open(me, events.get());
      if (loop.stopping) events->stop();
      stop_on_hangup(stream, events);
      for (;;) {
        std::optional<std::string> chunk;
        try {
          chunk = co_await events->next();
        } catch (const std::exception& e) {
          // E.g. the database went away: end the stream; the client reconnects.
          log::warn("event stream failed", {{"error.message", e.what()}});
        }
        if (!chunk) break;
        stream.expires_after(config.http_write_timeout);
        // Not a ?: of two co_awaits: GCC 12 mishandles those.
        beast::error_code wec;
        if (chunked) {
          auto [ec, n] =
              co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(*chunk)), as_tuple(use_awaitable));
          wec = ec;
        } else {
          auto [ec, n] = co_await asio::async_write(stream, asio::buffer(*chunk), as_tuple(use_awaitable));
          wec = ec;
        }
        stream.expires_never();
        if (wec) {
          broken = true;
          break;
        }
      }
    }
    watchdog->cancel();
    events->stop();
    if (chunked && !broken) {
      stream.expires_after(config.http_write_timeout);
      co_await asio::async_write(stream, bhttp::make_chunk_last(), as_tuple(use_awaitable));
    }
  }

  // Runs on each loop's own thread. Idle kept-alive connections close now;
  // fresh ones still waiting for their first request get kFirstRequestGrace.
  void stop_loop(Loop& loop) {
    loop.stopping = true;
    close_idle(loop, /*fresh_too=*/false);
    // Event streams never finish by themselves: end them now so the
    // connection count can reach zero well before the shutdown deadline.
    // Their clients reconnect (Last-Event-ID) to a replica still serving.
    for (Session* s : loop.sessions)
      if (s->streaming) s->streaming->stop();
    loop.grace.expires_after(
        std::min<std::chrono::steady_clock::duration>(kFirstRequestGrace, config.http_header_timeout));
    loop.grace.async_wait([&loop](const beast::error_code& ec) {
      if (!ec) close_idle(loop, /*fresh_too=*/true);
    });
  }

  static void close_idle(Loop& loop, bool fresh_too) {
    for (Session* s : loop.sessions)
      if (s->idle && (fresh_too || !s->fresh)) s->stream->socket().cancel();
  }

  Task<void> shutdown(bool drain) {
    auto& first = *loops[0];
    if (drain && config.drain.count() > 0) {
      log::info("draining: readiness fails, requests still served", {{"drain_ms", std::int64_t(config.drain.count())}});
      asio::steady_timer t(first.ioc, config.drain);
      co_await t.async_wait(as_tuple(use_awaitable));
    }
    log::info("closing the listener; finishing in-flight requests");
    co_await close_listener();
    for (auto& l : loops) asio::post(l->ioc, [this, lp = l.get()] { stop_loop(*lp); });

    const auto deadline = std::chrono::steady_clock::now() + config.shutdown_deadline;
    for (auto& task : shutdown_tasks) {
      try {
        co_await task(deadline);
      } catch (const std::exception& e) {
        log::error("shutdown task failed", {{"error.message", e.what()}});
      }
    }
    for (;;) {
      int active = 0;
      for (auto& l : loops) active += l->active.load();
      if (active == 0) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        log::warn("shutdown deadline reached with requests in flight", {{"in_flight", active}});
        break;
      }
      asio::steady_timer t(first.ioc, std::chrono::milliseconds(20));
      co_await t.async_wait(as_tuple(use_awaitable));
    }
    for (auto& l : loops)
      asio::post(l->ioc, [lp = l.get()] {
        lp->pool->close();
        lp->work.reset();
        lp->ioc.stop();
      });
  }
};

Server::Server(const Config& config, Pipeline& pipeline) : impl_(std::make_unique<Impl>(config, pipeline)) {
  impl_->self = this;
}

Server::~Server() {
  if (impl_->collector_id) metrics::Registry::global().remove_collector(impl_->collector_id);
}

void Server::add_background_task(std::function<Task<void>(db::Pool&)> task) {
  impl_->background.push_back(std::move(task));
}

void Server::add_shutdown_task(std::function<Task<void>(std::chrono::steady_clock::time_point)> task) {
  impl_->shutdown_tasks.push_back(std::move(task));
}

void Server::begin_shutdown(bool drain) {
  if (impl_->shutdown_started.exchange(true)) return;
  impl_->pipeline.set_draining();
  auto& first = *impl_->loops.at(0);
  asio::co_spawn(first.ioc, impl_->shutdown(drain), asio::detached);
}

void Server::run(bool handle_signals) {
  auto& impl = *impl_;
  const int n = std::max(1, impl.config.http_threads);
  const int per_loop = std::max(1, impl.config.db_pool_size / n);
  for (int i = 0; i < n; ++i) {
    auto loop = std::make_unique<Loop>();
    loop->pool = std::make_unique<db::Pool>(
        loop->ioc, db::PoolOptions{impl.config.database_url, per_loop, impl.config.db_acquire_timeout,
                                   impl.config.db_connect_timeout, impl.config.db_statement_timeout});
    impl.loops.push_back(std::move(loop));
  }
  impl.collector_id = metrics::Registry::global().add_collector([this](std::string& out) {
    int open = 0, idle = 0, waiting = 0, active = 0;
    for (auto& l : impl_->loops) {
      const auto s = l->pool->stats();  // plain ints: a racy read is fine for a gauge
      open += s.open;
      idle += s.idle;
      waiting += s.waiting;
      active += l->active.load();
    }
    out += "# HELP db_pool_connections Database connections by state.\n# TYPE db_pool_connections gauge\n";
    out += "db_pool_connections{state=\"open\"} " + std::to_string(open) + "\n";
    out += "db_pool_connections{state=\"idle\"} " + std::to_string(idle) + "\n";
    out += "# HELP db_pool_waiting Requests waiting for a database connection.\n# TYPE db_pool_waiting gauge\n";
    out += "db_pool_waiting " + std::to_string(waiting) + "\n";
    out += "# HELP http_connections_active Open client connections.\n# TYPE http_connections_active gauge\n";
    out += "http_connections_active " + std::to_string(active) + "\n";
  });

  impl.counts =
      std::make_unique<ConnectionCounts>(connection_cap(impl.config), impl.config.http_max_connections_per_client);
  auto& first = *impl.loops[0];
  impl.acceptor = std::make_unique<tcp::acceptor>(first.ioc);
  const tcp::endpoint ep(asio::ip::make_address(impl.config.http_host), std::uint16_t(impl.config.http_port));
  impl.acceptor->open(ep.protocol());
  impl.acceptor->set_option(asio::socket_base::reuse_address(true));
  impl.acceptor->bind(ep);
  impl.acceptor->listen(asio::socket_base::max_listen_connections);
  port_ = impl.acceptor->local_endpoint().port();
  asio::co_spawn(first.ioc, impl.accept_loop(), asio::detached);
  for (auto& task : impl.background)
    asio::co_spawn(first.ioc, task(*first.pool), [](const std::exception_ptr& e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log::error("background task ended with an error", {{"error.message", ex.what()}});
      }
    });

  std::unique_ptr<asio::signal_set> signals;
  if (handle_signals) {
    signals = std::make_unique<asio::signal_set>(first.ioc, SIGTERM, SIGINT);
    signals->async_wait([this, s = signals.get()](const beast::error_code& ec, int sig) {
      if (ec) return;
      log::info(sig == SIGTERM ? "SIGTERM received" : "SIGINT received");
      begin_shutdown(sig == SIGTERM);
      // A second signal means "now": skip whatever the graceful path waits for.
      s->async_wait([](const beast::error_code& ec2, int) {
        if (ec2) return;
        log::warn("second signal: exiting without waiting");
        log::flush();
        std::_Exit(1);
      });
    });
  }
  log::info("listening", {{"server.address", impl.config.http_host}, {"server.port", port_.load()}, {"threads", n}});

  for (std::size_t i = 1; i < impl.loops.size(); ++i)
    impl.loops[i]->thread = std::thread([lp = impl.loops[i].get()] { lp->ioc.run(); });
  first.ioc.run();
  for (std::size_t i = 1; i < impl.loops.size(); ++i) impl.loops[i]->thread.join();
  if (signals) signals->cancel();
  log::info("stopped");
  port_ = 0;
}

}  // namespace agora::http
