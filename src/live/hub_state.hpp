#pragma once
// What the hub and its listener share. Internal to src/live.
#include <atomic>
#include <chrono>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "http/event_queue.hpp"
#include "live/hub.hpp"

namespace agora::live {

struct Hub::State {
  std::string conninfo;
  std::chrono::milliseconds connect_timeout;

  std::mutex mutex;  // guards topics: streams subscribe from every loop
  std::map<std::string, std::list<std::shared_ptr<http::EventQueue>>> topics;

  std::atomic<bool> listener_running{false};  // a listener coroutine exists
  std::atomic<bool> listening{false};         // ... and its LISTEN is in effect
};

// Hub::deliver and Hub::close_all, for the listener, which must not outlive
// the state it uses (it may outlive the Hub object by a little).
void deliver(Hub::State& state, const std::string& topic, const std::string& item);
void close_all(Hub::State& state);

}  // namespace agora::live
