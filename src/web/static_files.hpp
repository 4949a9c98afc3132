#pragma once
// The web app's build (web/dist: index.html and fingerprinted assets/),
// answered by agora serve so that one local URL is the whole site. In
// production CloudFront serves the same build from S3 with the same cache
// rules (.github/scripts/web-deploy); see docs/adr/0083.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/message.hpp"

namespace agora::web {

class StaticFiles {
 public:
  // Reads every file under `dir` once (a build does not change under a
  // running server; a new build means a restart, as a new image does).
  // Throws std::runtime_error when `dir` has no index.html.
  static std::shared_ptr<const StaticFiles> load(const std::filesystem::path& dir);

  // A GET or HEAD of `path` (decoded): the file; index.html for any other
  // path whose last segment has no extension (the app's own URLs, routed in
  // the browser); nullopt for a missing file (the caller answers 404, never
  // HTML in place of a script). Honours If-None-Match with a 304.
  std::optional<http::Response> respond(const http::Request& req) const;

  std::size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string body, content_type, etag, cache_control;
  };
  http::Response answer(const File& file, const http::Request& req) const;

  std::unordered_map<std::string, File> files_;  // by URL path, "/index.html"
};

// The Content-Type for a file name's extension (application/octet-stream
// when unknown).
std::string content_type_of(const std::string& name);

}  // namespace agora::web
