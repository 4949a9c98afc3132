#pragma once
// A blocking Server-Sent Events client for the integration tests: sends one
// GET, reads the response head, then decodes the chunked body into events as
// they arrive. Every wait has a deadline, so a stream that stays silent
// fails the test instead of hanging it. A 200 head is checked against
// docs/openapi.yaml like every other response (its body, a stream, is not).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "support/http_client.hpp"

namespace agora::test {

struct SseEvent {
  std::string id, event, data;
};

class SseStream {
 public:
  // Connects and reads the head (and, when it is not a stream, the body).
  // `receive_buffer` > 0 shrinks the socket's receive buffer: a client that
  // then stops reading makes the server's writes block soon.
  SseStream(int port, std::string_view target, const HeaderList& headers = {},
            std::chrono::milliseconds timeout = std::chrono::seconds(10), int receive_buffer = 0);
  ~SseStream();
  SseStream(const SseStream&) = delete;
  SseStream& operator=(const SseStream&) = delete;

  const HttpResponse& head() const { return head_; }  // the body only when not a stream
  int status() const { return head_.status; }

  // The next event, skipping comments (heartbeats) and `retry:` fields;
  // nullopt once the server ended the stream. Throws on timeout.
  std::optional<SseEvent> next(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Heartbeat comments seen so far.
  int heartbeats() const { return heartbeats_; }
  // Reads until the server ends the stream; false if it has not within `timeout`.
  bool ends_within(std::chrono::milliseconds timeout);
  // Hangs up.
  void close();

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);  // false: the server closed
  std::optional<std::string> next_block(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  HttpResponse head_;
  std::string raw_;     // received, not yet de-chunked
  std::string text_;    // de-chunked event text, not yet parsed
  bool ended_ = false;  // last chunk seen or connection closed
  int heartbeats_ = 0;
};

}  // namespace agora::test
