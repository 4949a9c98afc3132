#include "support/sse_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <stdexcept>

#include "support/openapi_validator.hpp"

namespace agora::test {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  return int(
      std::max<long long>(0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count()));
}

const openapi::OpenApiSpec& spec() {
  static const auto loaded = openapi::OpenApiSpec::load(std::string(AGORA_SOURCE_DIR) + "/docs/openapi.yaml");
  return loaded;
}

}  // namespace

SseStream::SseStream(int port, std::string_view target, const HeaderList& headers, std::chrono::milliseconds timeout,
                     int receive_buffer) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ >= 0 && receive_buffer > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(std::uint16_t(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw std::runtime_error("sse: cannot connect");
  HeaderList all = headers;
  all.emplace_back("Accept", "text/event-stream");
  const std::string request = format_request("GET", target, {}, all);
  if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != ssize_t(request.size()))
    throw std::runtime_error("sse: cannot send the request");

  const auto deadline = Clock::now() + timeout;
  std::size_t end;
  while ((end = raw_.find("\r\n\r\n")) == std::string::npos)
    if (!fill(deadline)) throw std::runtime_error("sse: connection closed before the response head");
  const std::string headtext = raw_.substr(0, end);
  raw_.erase(0, end + 4);
  head_.status = std::stoi(headtext.substr(9, 3));
  std::size_t at = headtext.find("\r\n");
  while (at != std::string::npos && at + 2 < headtext.size()) {
    const auto eol = headtext.find("\r\n", at + 2);
    const auto line = headtext.substr(at + 2, eol == std::string::npos ? std::string::npos : eol - at - 2);
    const auto colon = line.find(':');
    auto value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    head_.headers.emplace_back(line.substr(0, colon), value);
    at = eol;
  }
  const bool stream = head_.status == 200 && head_.content_type().rfind("text/event-stream", 0) == 0;
  if (!stream) {  // a problem: read the whole (Content-Length) body
    const auto length = std::stoul(head_.header("content-length").value_or("0"));
    while (raw_.size() < length)
      if (!fill(deadline)) break;
    head_.body = raw_.substr(0, length);
    ended_ = true;
  }
  const auto violations = openapi::check_response(spec(), openapi::RequestLine{"GET", std::string(target)},
                                                  {head_.status, &head_.headers, head_.body});
  for (const auto& v : violations) ADD_FAILURE() << "GET " << target << " does not match docs/openapi.yaml: " << v;
}

SseStream::~SseStream() { close(); }

void SseStream::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool SseStream::fill(Clock::time_point deadline) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, remaining_ms(deadline));
  if (ready == 0) throw std::runtime_error("sse: timed out waiting for the server");
  char buf[4096];
  const auto n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) return false;
  raw_.append(buf, std::size_t(n));
  return true;
}

// One event block (text up to a blank line), de-chunking as needed.
std::optional<std::string> SseStream::next_block(Clock::time_point deadline) {
  for (;;) {
    if (const auto blank = text_.find("\n\n"); blank != std::string::npos) {
      auto block = text_.substr(0, blank);
      text_.erase(0, blank + 2);
      return block;
    }
    if (ended_) return std::nullopt;
    // A chunk: "<hex size>\r\n<data>\r\n"; size 0 ends the body.
    const auto line_end = raw_.find("\r\n");
    if (line_end != std::string::npos) {
      const auto size = std::stoul(raw_.substr(0, line_end), nullptr, 16);
      if (size == 0) {
        ended_ = true;
        continue;
      }
      if (raw_.size() >= line_end + 2 + size + 2) {
        text_ += raw_.substr(line_end + 2, size);
        raw_.erase(0, line_end + 2 + size + 2);
        continue;
      }
    }
    if (!fill(deadline)) ended_ = true;
  }
}

std::optional<SseEvent> SseStream::next(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto block = next_block(deadline);
    if (!block) return std::nullopt;
    SseEvent e;
    bool has_data = false;
    std::size_t at = 0;
    while (at <= block->size()) {
      auto eol = block->find('\n', at);
      if (eol == std::string::npos) eol = block->size();
      const auto line = block->substr(at, eol - at);
      at = eol + 1;
      if (line.empty()) continue;
      if (line[0] == ':') {
        ++heartbeats_;
        continue;
      }
      const auto colon = line.find(": ");
      const auto field = line.substr(0, colon), value = colon == std::string::npos ? "" : line.substr(colon + 2);
      if (field == "id") e.id = value;
      else if (field == "event") e.event = value;
      else if (field == "data") {
        e.data += (has_data ? "\n" : "") + value;
        has_data = true;
      }
    }
    if (has_data) return e;
  }
}

bool SseStream::ends_within(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  try {
    while (next(std::chrono::milliseconds(remaining_ms(deadline)))) {}
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

}  // namespace agora::test
