#include "support/smtp_test_server.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/pg_cluster.hpp"

namespace agora::test {
namespace {

std::filesystem::path node_dir() { return std::filesystem::path(AGORA_SOURCE_DIR) / "tests" / "email"; }

// npm ci once per lockfile change, as tests/e2e/naughty_strings.sh does.
void install_packages() {
  const auto installed = node_dir() / "node_modules" / ".package-lock.json";
  if (std::filesystem::exists(installed) &&
      std::filesystem::last_write_time(installed) >= std::filesystem::last_write_time(node_dir() / "package-lock.json"))
    return;
  auto r =
      run_command({"sh", "-c", "cd '" + node_dir().string() + "' && npm ci --no-audit --no-fund --loglevel=error"});
  if (r.status != 0) throw std::runtime_error("npm ci in tests/email failed:\n" + r.output);
}

void make_certificate(const std::filesystem::path& dir) {
  auto r = run_command({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout",
                        (dir / "key.pem").string(), "-out", (dir / "cert.pem").string()});
  if (r.status != 0) throw std::runtime_error("openssl could not make the test certificate:\n" + r.output);
}

const char* mode_name(SmtpTestServer::Mode m) {
  switch (m) {
    case SmtpTestServer::Mode::starttls:
      return "starttls";
    case SmtpTestServer::Mode::plain:
      return "plain";
    case SmtpTestServer::Mode::tls:
      return "tls";
  }
  return "starttls";
}

}  // namespace

SmtpTestServer::SmtpTestServer(Mode mode) : inbox_(dir_.path() / "inbox"), mode_(mode) {
  install_packages();
  std::filesystem::create_directory(inbox_);
  make_certificate(dir_.path());
  const std::vector<std::string> args{"node",   (node_dir() / "smtp-server.mjs").string(),
                                      "--mode", mode_name(mode),
                                      "--dir",  inbox_.string(),
                                      "--cert", ca_file(),
                                      "--key",  (dir_.path() / "key.pem").string(),
                                      "--user", kUser,
                                      "--pass", kPassword};
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp("node", argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  // "LISTENING <port>" within 15 s (npm packages load from disk; no network).
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (text.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[256];
    const auto n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, std::size_t(n));
  }
  ::close(out[0]);
  if (text.rfind("LISTENING ", 0) != 0) {
    stop();
    throw std::runtime_error("the SMTP test server did not start: '" + text + "'");
  }
  port_ = std::stoi(text.substr(10));
}

SmtpTestServer::~SmtpTestServer() { stop(); }

std::string SmtpTestServer::url() const {
  return std::string(mode_ == Mode::tls ? "smtps" : "smtp") + "://127.0.0.1:" + std::to_string(port_);
}

void SmtpTestServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int SmtpTestServer::received() const {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(inbox_))
    if (e.path().extension() == ".json") ++n;
  return n;
}

boost::json::object SmtpTestServer::message(int n, std::chrono::milliseconds timeout) const {
  const auto path = inbox_ / (std::to_string(n) + ".json");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!std::filesystem::exists(path)) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("message " + std::to_string(n) + " did not arrive at the SMTP test server");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return boost::json::parse(s.str()).as_object();
}

}  // namespace agora::test
