#pragma once
// The parts of an endpoint or queue URL that signing needs: the Host header
// is signed, so it is taken from the URL once and sent as signed.
#include <stdexcept>
#include <string>
#include <string_view>

namespace agora::aws {

struct Endpoint {
  std::string scheme;  // http | https
  std::string host;    // name[:port], as in the Host header
  std::string path;    // "" or "/…" without a trailing slash
  std::string origin() const { return scheme + "://" + host; }
};

// Throws std::invalid_argument for anything but http(s)://host[:port][/path].
Endpoint parse_endpoint(std::string_view url);

}  // namespace agora::aws
