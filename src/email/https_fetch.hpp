#pragma once
// A small blocking HTTPS GET with libcurl, for SNS certificates and
// subscription confirmations: https only, no redirects (an allow-listed URL
// must not lead elsewhere), the system's CAs, a size cap and timeouts.
#include <cstddef>
#include <string>

namespace agora::email {

// The body of a 2xx answer; throws std::runtime_error otherwise.
std::string https_get(const std::string& url, std::size_t max_bytes = std::size_t{64} * 1024);

}  // namespace agora::email
