#include "live/hub.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include "core/errors.hpp"
#include "core/log.hpp"
#include "live/hub_state.hpp"
#include "live/listener.hpp"

namespace agora::live {
namespace asio = boost::asio;

std::string post_topic(std::int64_t post_id) { return "post:" + std::to_string(post_id); }
std::string user_topic(std::int64_t user_id) { return "user:" + std::to_string(user_id); }
std::string community_topic(std::int64_t community_id) { return "community:" + std::to_string(community_id); }

std::optional<std::pair<std::string, std::string>> route_payload(std::string_view payload) {
  boost::system::error_code ec;
  const auto v = boost::json::parse(payload, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  const auto* type = o.if_contains("type");
  if (!type || !type->is_string()) return std::nullopt;
  auto id = [&](const char* key) -> std::optional<std::int64_t> {
    const auto* f = o.if_contains(key);
    if (!f || !f->is_int64()) return std::nullopt;
    return f->get_int64();
  };
  if (type->get_string() == "comment") {
    const auto post = id("post_id"), comment = id("comment_id");
    if (post && comment) return std::pair{post_topic(*post), std::to_string(*comment)};
  } else if (type->get_string() == "notification" || type->get_string() == "unread") {
    if (const auto user = id("user_id")) return std::pair{user_topic(*user), std::string("changed")};
  } else if (type->get_string() == "access") {
    if (const auto user = id("user_id")) return std::pair{user_topic(*user), std::string(kAccessChanged)};
    if (const auto community = id("community_id"))
      return std::pair{community_topic(*community), std::string(kAccessChanged)};
  }
  return std::nullopt;
}

void deliver(Hub::State& state, const std::string& topic, const std::string& item) {
  std::lock_guard lock(state.mutex);
  const auto it = state.topics.find(topic);
  if (it == state.topics.end()) return;
  // The queue's own loop pushes: streams are touched only on their loop.
  for (const auto& queue : it->second) queue->post([queue, item] { queue->push(item); });
}

void close_all(Hub::State& state) {
  std::lock_guard lock(state.mutex);
  for (const auto& [topic, queues] : state.topics)
    for (const auto& queue : queues) queue->post([queue] { queue->close(); });
}

Hub::Hub(std::string conninfo, std::chrono::milliseconds connect_timeout) : state_(std::make_shared<State>()) {
  state_->conninfo = std::move(conninfo);
  state_->connect_timeout = connect_timeout;
}

Hub::~Hub() = default;

void Hub::deliver(const std::string& topic, const std::string& item) { live::deliver(*state_, topic, item); }
void Hub::close_all() { live::close_all(*state_); }

namespace {

// Removes its queue from the topic when the stream lets go of it.
struct Subscription {
  std::shared_ptr<Hub::State> state;
  std::string topic;
  std::list<std::shared_ptr<http::EventQueue>>::iterator entry;
  ~Subscription() {
    std::lock_guard lock(state->mutex);
    auto& queues = state->topics[topic];
    queues.erase(entry);
    if (queues.empty()) state->topics.erase(topic);
  }
};

}  // namespace

Task<std::shared_ptr<void>> Hub::subscribe(std::string topic, std::shared_ptr<http::EventQueue> queue) {
  std::shared_ptr<Subscription> sub;
  {
    std::lock_guard lock(state_->mutex);
    auto& queues = state_->topics[topic];
    queues.push_back(std::move(queue));
    sub.reset(new Subscription{state_, topic, std::prev(queues.end())});  // not copied: it unsubscribes once
  }
  auto ex = co_await asio::this_coro::executor;
  // The first stream starts the process's listener, on its own loop.
  if (!state_->listener_running.exchange(true)) asio::co_spawn(ex, run_listener(state_), asio::detached);
  const auto deadline = std::chrono::steady_clock::now() + state_->connect_timeout + std::chrono::seconds(1);
  while (!state_->listening) {
    if (std::chrono::steady_clock::now() >= deadline)
      throw Unavailable("live events: not listening to the database yet");
    asio::steady_timer t(ex, std::chrono::milliseconds(10));
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  co_return sub;
}

}  // namespace agora::live
