#include "support/smtp_test_server.hpp"

#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/pg_cluster.hpp"
#include "support/server_process.hpp"

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
  // "LISTENING <port>" within 15 s (npm packages load from disk; no network).
  const std::string line = process_.start(args, std::chrono::seconds(15));
  port_ = listening_port(line);
  if (port_ == 0) {
    stop();
    throw std::runtime_error("the SMTP test server did not start: '" + line + "'");
  }
}

SmtpTestServer::~SmtpTestServer() { stop(); }

std::string SmtpTestServer::url() const {
  return std::string(mode_ == Mode::tls ? "smtps" : "smtp") + "://127.0.0.1:" + std::to_string(port_);
}

void SmtpTestServer::stop() { process_.stop(); }

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
