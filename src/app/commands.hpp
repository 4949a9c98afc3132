#pragma once
// The subcommands of the `agora` binary. Each returns the process exit code.
#include <string>
#include <vector>

#include "core/config.hpp"

namespace agora::app {

int serve(const Config& config);
int worker(const Config& config, const std::vector<std::string>& args);
int relay(const Config& config, const std::vector<std::string>& args);
int migrate(const Config& config);
int admin(const Config& config, const std::vector<std::string>& args);
int seed(const Config& config, const std::vector<std::string>& args);

}  // namespace agora::app
