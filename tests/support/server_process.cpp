#include "support/server_process.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <string_view>

namespace agora::test {

std::string ServerProcess::start(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  if (pid_ > 0) throw std::logic_error("ServerProcess::start: already running");
  if (args.empty()) throw std::invalid_argument("ServerProcess::start: no command");
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ < 0) {
    ::close(out[0]);
    ::close(out[1]);
    throw std::runtime_error("fork failed");
  }
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (text.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[256];
    const auto n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, std::size_t(n));
  }
  ::close(out[0]);
  if (const auto newline = text.find('\n'); newline != std::string::npos) text.resize(newline);
  return text;
}

void ServerProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int listening_port(const std::string& line) {
  constexpr std::string_view prefix = "LISTENING ";
  if (line.rfind(prefix, 0) != 0) return 0;
  try {
    const int port = std::stoi(line.substr(prefix.size()));
    return port > 0 && port < 65536 ? port : 0;
  } catch (const std::logic_error&) {
    return 0;
  }
}

}  // namespace agora::test
