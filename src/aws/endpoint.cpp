#include "aws/endpoint.hpp"

namespace agora::aws {

Endpoint parse_endpoint(std::string_view url) {
  Endpoint out;
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) throw std::invalid_argument("not a URL: " + std::string(url));
  out.scheme = std::string(url.substr(0, sep));
  if (out.scheme != "http" && out.scheme != "https")
    throw std::invalid_argument("not an http(s) URL: " + std::string(url));
  std::string_view rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  const auto slash = rest.find('/');
  out.host = std::string(rest.substr(0, slash));
  if (out.host.empty() || out.host.find('@') != std::string::npos)
    throw std::invalid_argument("URL without a plain host: " + std::string(url));
  if (slash != std::string_view::npos) out.path = std::string(rest.substr(slash));
  while (!out.path.empty() && out.path.back() == '/') out.path.pop_back();
  return out;
}

}  // namespace agora::aws
