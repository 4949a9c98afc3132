#include "core/config.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace agora {
namespace {

Config load(const std::map<std::string, std::string>& env) {
  std::vector<std::string> names;
  names.reserve(env.size());
  for (const auto& [k, v] : env) names.push_back(k);
  return Config::from_env(
      [&](const std::string& n) -> std::optional<std::string> {
        auto it = env.find(n);
        if (it == env.end()) return std::nullopt;
        return it->second;
      },
      names);
}

TEST(Config, DefaultsServeLocallyOnPort8080) {
  const auto c = load({});
  EXPECT_EQ(c.http_host, "127.0.0.1");
  EXPECT_EQ(c.http_port, 8080);
  EXPECT_GE(c.http_threads, 1);
  EXPECT_TRUE(c.cookie_secure);
}

TEST(Config, ParsesTypedValues) {
  const auto c = load({{"AGORA_HTTP_PORT", "9090"},
                       {"AGORA_DRAIN_MS", "250"},
                       {"AGORA_TRUST_PROXY", "true"},
                       {"AGORA_DATABASE_URL", "host=/tmp dbname=x"}});
  EXPECT_EQ(c.http_port, 9090);
  EXPECT_EQ(c.drain.count(), 250);
  EXPECT_TRUE(c.trust_proxy);
  EXPECT_EQ(c.database_url, "host=/tmp dbname=x");
}

TEST(Config, MalformedValueNamesTheVariable) {
  try {
    load({{"AGORA_HTTP_PORT", "80x"}});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("AGORA_HTTP_PORT"), std::string::npos);
  }
  EXPECT_THROW(load({{"AGORA_HTTP_PORT", "70000"}}), ConfigError);
  EXPECT_THROW(load({{"AGORA_TRUST_PROXY", "maybe"}}), ConfigError);
  EXPECT_THROW(load({{"AGORA_LOG_LEVEL", "verbose"}}), ConfigError);
}

TEST(Config, UnknownAgoraVariableIsAnError) {
  try {
    load({{"AGORA_HTTP_PROT", "1"}});
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("AGORA_HTTP_PROT"), std::string::npos);
  }
}

TEST(Config, ReadmeDocumentsEveryVariable) {
  std::ifstream readme(std::string(AGORA_SOURCE_DIR) + "/README.md");
  ASSERT_TRUE(readme) << "README.md not found";
  std::stringstream text;
  text << readme.rdbuf();
  for (const auto& v : Config::variables())
    EXPECT_NE(text.str().find("`" + v.name + "`"), std::string::npos) << v.name << " is missing from README.md";
}

}  // namespace
}  // namespace agora
