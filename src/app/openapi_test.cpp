// docs/openapi.yaml and the server must describe the same API: a route added
// to the code without its description (or described but gone) fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "app/wiring.hpp"
#include "core/crypto.hpp"

namespace agora::app {
namespace {

using RouteSet = std::set<std::pair<std::string, std::string>>;

// Reads `paths:` → `  /path:` → `    method:` from the YAML. The file is
// written in block style with two-space indents (its linter keeps it so).
RouteSet documented_routes() {
  std::ifstream in(std::string(AGORA_SOURCE_DIR) + "/docs/openapi.yaml");
  EXPECT_TRUE(in) << "docs/openapi.yaml not found";
  static const std::regex path_re(R"(^  (/[^:\s]*):\s*$)");
  static const std::regex method_re(R"(^    (get|put|post|delete|patch|head|options):\s*$)");
  RouteSet out;
  bool in_paths = false;
  std::string path, line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') in_paths = line.rfind("paths:", 0) == 0;
    if (!in_paths) continue;
    if (std::regex_match(line, m, path_re)) path = m[1];
    else if (!path.empty() && std::regex_match(line, m, method_re)) {
      std::string method = m[1];
      for (auto& c : method) c = char(std::toupper(static_cast<unsigned char>(c)));
      out.emplace(method, path);
    }
  }
  return out;
}

TEST(OpenApi, DescribesExactlyTheRoutesTheServerHas) {
  crypto::init();
  Config config;
  config.argon2_opslimit = 1;
  config.argon2_memlimit = std::size_t{8192} * 1024;
  BlockingPool hashing(1);
  accounts::Service accounts(config, hashing);
  http::Router router;
  http::Pipeline pipeline(router, config);
  add_all_routes(router, pipeline, accounts, config);

  RouteSet served;
  for (const auto& r : router.routes()) served.emplace(r.method, r.pattern);
  const RouteSet documented = documented_routes();
  ASSERT_FALSE(documented.empty());
  for (const auto& [method, path] : served)
    EXPECT_TRUE(documented.count({method, path})) << method << " " << path << " is served but not in docs/openapi.yaml";
  for (const auto& [method, path] : documented)
    EXPECT_TRUE(served.count({method, path})) << method << " " << path << " is in docs/openapi.yaml but not served";
}

}  // namespace
}  // namespace agora::app
