#include "http/router.hpp"

#include <stdexcept>

namespace agora::http {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const std::size_t start = i;
    while (i < path.size() && path[i] != '/') ++i;
    if (i > start) out.push_back(path.substr(start, i - start));
  }
  return out;
}

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  Route r{std::move(method), std::move(pattern), {}, std::move(handler), std::move(options)};
  for (auto s : split_path(r.pattern)) r.segments.emplace_back(s);
  for (const auto& existing : routes_)
    if (existing.method == r.method && existing.pattern == r.pattern)
      throw std::logic_error("route registered twice: " + r.method + " " + r.pattern);
  routes_.push_back(std::move(r));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  const auto parts = split_path(path);
  Match result;
  for (const auto& r : routes_) {
    if (r.segments.size() != parts.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const auto& seg = r.segments[i];
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}')
        params.emplace_back(seg.substr(1, seg.size() - 2), std::string(parts[i]));
      else ok = seg == parts[i];
    }
    if (!ok) continue;
    if (r.method == method || (method == "HEAD" && r.method == "GET")) {
      result.handler = &r.handler;
      result.options = &r.options;
      result.pattern = r.pattern;
      result.params = std::move(params);
      return result;
    }
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += r.method;
    result.pattern = r.pattern;
  }
  const bool api = path == "/api" || path.substr(0, 5) == "/api/";
  if (result.allow.empty() && fallback_ && (method == "GET" || method == "HEAD") && !api) {
    result.handler = &fallback_;
    result.options = &fallback_options_;
    result.pattern = fallback_label_;
  }
  return result;
}

void Router::set_fallback(std::string label, Handler handler) {
  fallback_label_ = std::move(label);
  fallback_ = std::move(handler);
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern});
  return out;
}

}  // namespace agora::http
