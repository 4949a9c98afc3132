#include "uploads/routes.hpp"

#include <memory>

#include "accounts/auth.hpp"
#include "communities/access.hpp"
#include "core/json_body.hpp"
#include "core/json_text.hpp"
#include "uploads/access.hpp"
#include "uploads/service.hpp"

namespace agora::uploads {
namespace {

// Media files are named by their digest, so they never change: a public
// one is cached for a year by anyone (browsers, the CDN); a private one
// (shown only in a private community, or not shown anywhere yet) only by the
// reader's browser, which asks again each time (the ETag makes that a 304),
// so losing access takes effect. nosniff and a sandboxing CSP make a browser
// treat the bytes as the declared image and nothing else, even if someone
// crafted a polyglot that another sniffer would read as HTML or script.
void add_media_headers(http::Response& res, const std::string& etag, bool everyone) {
  res.headers.emplace_back("Cache-Control", everyone ? "public, max-age=31536000, immutable" : "private, no-cache");
  if (!everyone) res.headers.emplace_back("Vary", "Cookie, Authorization");
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

  router.add(
      "POST", "/api/v1/uploads",
      [&accounts, svc](http::Request& req) -> Task<http::Response> {
        auto who = co_await accounts::require_user(req, accounts);
        const auto content_type = req.header("content-type");
        auto up = co_await svc->upload(*req.db, who.user.id, content_type, req.body);
        auto res = http::Response::json(up.saved.created ? 201 : 200, std::move(up.saved.json));
        res.headers.emplace_back("Location", up.url);
        co_return res;
      },
      // Megabytes are read only for a signed-in, active account.
      http::RouteOptions{.max_body_bytes = config.upload_max_bytes,
                         .before_body = [&accounts](http::Request& req) -> Task<http::Response> {
                           co_await accounts::require_user(req, accounts);
                           co_return http::Response::no_content();
                         }});

  // Direct upload (S3): permission + presigned URL, the browser PUTs the
  // bytes to the bucket, then completes; the result is what POST /uploads gives.
  router.add("POST", "/api/v1/uploads/direct", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
    const auto content_type = body.required_string("content_type", 64);
    const auto bytes = body.optional_int("bytes");
    body.finish();
    if (!bytes) throw Problem::validation({{"bytes", "is required"}});
    const auto d = co_await svc->start_direct(*req.db, who.user.id, content_type, *bytes);
    std::string json = "{\"id\":" + json_text::quote(d.id) + ",\"upload_url\":" + json_text::quote(d.upload_url) +
                       ",\"method\":\"PUT\",\"headers\":{\"Content-Type\":" + json_text::quote(d.content_type) +
                       "},\"bytes\":" + std::to_string(d.bytes) + ",\"expires_at\":" + json_text::quote(d.expires_at) +
                       "}";
    co_return http::Response::json(201, std::move(json));
  });
  router.add("POST", "/api/v1/uploads/direct/{id}/complete",
             [&accounts, svc](http::Request& req) -> Task<http::Response> {
               auto who = co_await accounts::require_user(req, accounts);
               const std::string id(req.param("id"));
               if (id.size() != 43) throw Problem::not_found("No such direct upload (it may have expired).");
               auto up = co_await svc->finish_direct(*req.db, who.user.id, id);
               auto res = http::Response::json(up.saved.created ? 201 : 200, std::move(up.saved.json));
               res.headers.emplace_back("Location", up.url);
               co_return res;
             });

  router.add("GET", "/media/{name}", [&accounts, svc](http::Request& req) -> Task<http::Response> {
    const auto name = parse_file_name(req.param("name"));
    if (!name) throw Problem::not_found("No such media file.");
    auto who = co_await accounts::optional_user(req, accounts);
    const auto viewer = communities::Viewer::of(who);
    const auto access = co_await media_access(*req.db, name->sha256, name->file(), viewer.id, viewer.admin);
    // A file the caller may not see is reported exactly like a missing one.
    if (access == MediaAccess::none) throw Problem::not_found("No such media file.");
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
    add_media_headers(res, etag, access == MediaAccess::everyone);
    co_return res;
  });
}

}  // namespace agora::uploads
