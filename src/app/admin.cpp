#include <unistd.h>

#include <iostream>

#include "accounts/service.hpp"
#include "app/admin_embeddings.hpp"
#include "app/admin_jobs.hpp"
#include "app/commands.hpp"
#include "core/crypto.hpp"
#include "db/standalone.hpp"

namespace agora::app {
namespace {

constexpr const char* kUsage = R"(usage: agora admin create-user --email EMAIL --username NAME
                         [--admin | --moderator] [--password-stdin]

  Creates a verified account, e.g. the first admin. Without --password-stdin a
  strong random password is generated and printed once.

       agora admin jobs list|retry ID|redrive|ping   (agora admin jobs --help)
       agora admin embeddings status|backfill|activate NAME|drop NAME   (agora admin embeddings --help)
)";

int usage_error(const std::string& why) {
  std::cerr << "agora admin: " << why << "\n" << kUsage;
  return 2;
}

int create_user(const Config& config, const std::vector<std::string>& args) {
  accounts::SignupInput in;
  std::string role = "member";
  bool password_stdin = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
      return args[++i];
    };
    if (a == "--email") in.email = value();
    else if (a == "--username") in.username = value();
    else if (a == "--admin") role = "admin";
    else if (a == "--moderator") role = "moderator";
    else if (a == "--password-stdin") password_stdin = true;
    else throw std::invalid_argument("unknown option " + a);
  }
  if (in.email.empty() || in.username.empty()) throw std::invalid_argument("--email and --username are required");
  bool generated = false;
  if (password_stdin) {
    std::getline(std::cin, in.password);
    if (!in.password.empty() && in.password.back() == '\r') in.password.pop_back();
  } else {
    in.password = crypto::random_token(18);
    generated = true;
  }

  BlockingPool hashing(1);
  accounts::Service accounts(config, hashing);
  accounts::User user;
  db::with_pool(config, [&](db::Pool& pool) -> Task<void> {
    user = co_await accounts.create_user(pool, in, role, /*verified=*/true);
  });
  std::cout << "created " << user.role << " " << user.username << " <" << user.email << "> id=" << user.id << "\n";
  if (generated) std::cout << "password: " << in.password << "\n(shown once; change it after signing in)\n";
  return 0;
}

}  // namespace

int admin(const Config& config, const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "jobs") return admin_jobs(config, std::vector<std::string>(args.begin() + 1, args.end()));
  if (args[0] == "embeddings") return admin_embeddings(config, std::vector<std::string>(args.begin() + 1, args.end()));
  if (args[0] != "create-user") return usage_error("unknown admin command '" + args[0] + "'");
  try {
    return create_user(config, std::vector<std::string>(args.begin() + 1, args.end()));
  } catch (const std::invalid_argument& e) {
    return usage_error(e.what());
  } catch (const Problem& p) {
    std::cerr << "agora admin: " << p.title() << ": " << p.detail() << "\n";
    for (const auto& e : p.errors()) std::cerr << "  " << e.field << " " << e.message << "\n";
    return 1;
  }
}

}  // namespace agora::app
