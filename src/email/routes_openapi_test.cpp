// The email routes are all in docs/openapi.yaml. (src/app/openapi_test.cpp
// checks the whole server once app::add_all_routes registers them; this
// checks the module on its own, whatever the wiring.)
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "core/crypto.hpp"
#include "email/routes.hpp"

namespace agora::email {
namespace {

std::set<std::pair<std::string, std::string>> documented_routes() {
  std::ifstream in(std::string(AGORA_SOURCE_DIR) + "/docs/openapi.yaml");
  static const std::regex path_re(R"(^  (/[^:\s]*):\s*$)");
  static const std::regex method_re(R"(^    (get|put|post|delete|patch):\s*$)");
  std::set<std::pair<std::string, std::string>> out;
  std::string path, line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, path_re)) {
      path = m[1];
    } else if (!path.empty() && std::regex_match(line, m, method_re)) {
      std::string method = m[1];
      for (auto& c : method) c = char(std::toupper(static_cast<unsigned char>(c)));
      out.emplace(method, path);
    }
  }
  return out;
}

TEST(EmailOpenApi, EveryEmailRouteIsDocumented) {
  crypto::init();
  Config config;
  config.ses_events_topic_arn = "arn:aws:sns:us-east-1:123456789012:agora-ses";
  BlockingPool hashing(1);
  accounts::Service accounts(config, hashing);
  http::Router router;
  add_routes(router, accounts, config);
  const auto documented = documented_routes();
  ASSERT_EQ(router.routes().size(), 5u);
  for (const auto& r : router.routes())
    EXPECT_TRUE(documented.count({r.method, r.pattern})) << r.method << " " << r.pattern << " is not documented";
}

TEST(EmailOpenApi, RoutesAlreadyRegisteredAreKept) {
  crypto::init();
  Config config;
  BlockingPool hashing(1);
  accounts::Service accounts(config, hashing);
  http::Router router;
  add_routes(router, accounts, config);
  EXPECT_NO_THROW(add_routes(router, accounts, config));  // a test's routes first, then the app's
  EXPECT_EQ(router.routes().size(), 5u);
}

}  // namespace
}  // namespace agora::email
