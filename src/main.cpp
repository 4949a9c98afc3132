// agora: one binary, one subcommand per role (see docs/architecture.md).
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "core/crypto.hpp"
#include "core/log.hpp"

namespace {

constexpr const char* kUsage = R"(usage: agora <command> [options]

commands:
  serve                 run the HTTP API (configured by AGORA_* variables)
  worker [run-once NAME] run background jobs: email, analytics, schedules (agora worker --help)
  relay                 move outbox rows to SQS (with AGORA_QUEUE=sqs)
  migrate               apply pending database migrations (safe from many replicas)
  admin create-user …   create an account, e.g. the first admin (agora admin --help)
  seed [--users N …]    fill an empty database with a realistic dataset (agora seed --help)
  config                print every AGORA_* setting with its default
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "config") {
      for (const auto& v : agora::Config::variables())
        std::cout << v.name << "=" << v.default_value << "\t# " << v.description << "\n";
      return 0;
    }
    const auto config = agora::Config::from_process_env();
    agora::log::set_level(config.log_level);
    agora::log::set_service_name("agora-" + command);
    agora::crypto::init();
    if (command == "serve") return agora::app::serve(config);
    if (command == "worker") return agora::app::worker(config, args);
    if (command == "relay") return agora::app::relay(config, args);
    if (command == "migrate") return agora::app::migrate(config);
    if (command == "admin") return agora::app::admin(config, args);
    if (command == "seed") return agora::app::seed(config, args);
    std::cerr << "agora: unknown command '" << command << "'\n" << kUsage;
    return 2;
  } catch (const agora::ConfigError& e) {
    std::cerr << "agora: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    agora::log::fatal("fatal error", {{"error.message", e.what()}});
    std::cerr << "agora " << command << ": " << e.what() << "\n";
    return 1;
  }
}
