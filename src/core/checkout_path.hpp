#pragma once
// Relative paths in the configuration (the model's folder, the web app's
// build) name folders of the checkout: this finds them from wherever a
// program was started.
#include <string>

namespace agora {

// `path` itself when it is absolute or exists from the working directory;
// else the first folder at or above the executable's that holds it; else
// `path` unchanged (the caller's loader then names what is missing). So
// build/agora, a test binary or an e2e script finds the checkout's var/ and
// web/ wherever it was started from; images set absolute paths.
std::string resolve_checkout_path(const std::string& path);

}  // namespace agora
