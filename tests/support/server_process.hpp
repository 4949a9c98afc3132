#pragma once
// A server process a test starts and kills: argv run with its stdout on a
// pipe, ready once it has printed its first line (by convention
// "LISTENING <port>"). Its stderr is the test's. Used by SmtpTestServer and
// EmbeddingsTestServer for their Node servers.
#include <chrono>
#include <string>
#include <vector>

namespace agora::test {

class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess() { stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts argv (argv[0] looked up in PATH) and returns the first line it
  // prints on stdout, without the newline; or, if no full line arrives
  // within `timeout` or stdout closes first, whatever it printed (perhaps
  // nothing): the caller checks it and calls stop() if it is not what it
  // expects. Throws std::runtime_error if the process cannot be created.
  // Later output is not read: the server must print nothing more on stdout.
  std::string start(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

  // SIGKILL and reap: once it returns, the server's ports refuse connections.
  // Idempotent.
  void stop();

  bool running() const { return pid_ > 0; }

 private:
  int pid_ = -1;
};

// The port of a "LISTENING <port>" line; 0 if the line is not one.
int listening_port(const std::string& line);

}  // namespace agora::test
