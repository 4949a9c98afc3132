#include "uploads/routes.hpp"

#include <memory>

#include "accounts/auth.hpp"
#include "uploads/service.hpp"

namespace agora::uploads {
namespace {

// Media files are named by their digest, so they never change: cache for a
// year. nosniff and a sandboxing CSP make a browser treat the bytes as the
// declared image and nothing else, even if someone crafted a polyglot that
// another sniffer would read as HTML or script.
void add_media_headers(http::Response& res, const std::string& etag) {
  res.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  res.headers.emplace_back("ETag", etag);
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool etag_matches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    auto tag = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config) {
  auto svc = std::make_shared<Service>(config, make_storage(config));

  router.add("POST", "/api/v1/uploads", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_active_user(req, accounts);
    const auto content_type = req.header("content-type");
    auto up = co_await svc->upload(*req.db, who.user.id, content_type, req.body);
    auto res = http::Response::json(up.saved.created ? 201 : 200, std::move(up.saved.json));
    res.headers.emplace_back("Location", up.url);
    co_return res;
  });

  router.add("GET", "/media/{name}", [svc](http::Request& req) -> Task<http::Response> {
    const auto name = parse_file_name(req.param("name"));
    if (!name) throw Problem::not_found("No such media file.");
    const std::string etag = "\"" + name->sha256 + "\"";
    http::Response res;
    if (const auto inm = req.header("if-none-match"); inm && etag_matches(*inm, etag)) {
      const bool found = co_await svc->stored(*name);
      if (!found) throw Problem::not_found("No such media file.");
      res.status = 304;
      res.content_type.clear();
    } else {
      auto bytes = co_await svc->read(*name);
      if (!bytes) throw Problem::not_found("No such media file.");
      res.status = 200;
      res.content_type = std::string(media_type(name->type));
      res.body = std::move(*bytes);
    }
    add_media_headers(res, etag);
    co_return res;
  });
}

}  // namespace agora::uploads
