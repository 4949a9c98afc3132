#pragma once
// A bounded queue of strings that belongs to one event loop, with an
// awaitable pop: what a streaming response (http::EventStream) waits on for
// its next event. Other threads reach the loop only through post() (the
// live hub delivering a notification); everything else runs on the loop, so
// the queue needs no lock. Asio stays in the .cpp: domain code may hold one.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/task.hpp"

namespace agora::http {

class EventQueue {
 public:
  // A queue on the event loop of the calling coroutine.
  static Task<std::shared_ptr<EventQueue>> on_this_loop(std::size_t capacity);
  ~EventQueue();

  // Thread-safe: runs `fn` later on the queue's loop.
  void post(std::function<void()> fn);

  // Appends `item`. When `capacity` items already wait (the consumer is not
  // keeping up, e.g. a client that stopped reading), the queue closes
  // instead and reports overflowed(): memory stays bounded, and the client
  // catches up by reconnecting.
  bool push(std::string item);
  // Ends the queue: pop() returns nullopt from now on, at once.
  void close();
  bool closed() const;
  bool overflowed() const;

  // The oldest item; nullopt once closed, or after `timeout` with nothing
  // queued (closed() tells which). One waiter at a time.
  Task<std::optional<std::string>> pop(std::chrono::milliseconds timeout);

  struct Impl;

 private:
  explicit EventQueue(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace agora::http
