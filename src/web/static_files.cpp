#include "web/static_files.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "core/crypto.hpp"

namespace agora::web {
namespace {

// The page may load only what the build itself ships and talk only to its
// own origin; no framing (clickjacking), no plugins, no <base> rewriting.
constexpr const char* kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool is_fingerprinted(const std::string& url) { return url.rfind("/assets/", 0) == 0; }

}  // namespace

std::string content_type_of(const std::string& name) {
  const auto dot = name.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
  static const std::unordered_map<std::string, std::string> types{
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"txt", "text/plain; charset=utf-8"},
  };
  const auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

std::shared_ptr<const StaticFiles> StaticFiles::load(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_regular_file(dir / "index.html"))
    throw std::runtime_error("no web app build in " + dir.string() + " (index.html is missing)");
  auto out = std::make_shared<StaticFiles>();
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const auto relative = fs::relative(entry.path(), dir).generic_string();
    const std::string url = "/" + relative;
    File f;
    f.body = read_file(entry.path());
    f.content_type = content_type_of(relative);
    f.etag = "\"" + crypto::sha256_hex(f.body).substr(0, 32) + "\"";
    // Hashed names never change content: cached for a year. Everything
    // else (index.html above all) is revalidated, so a deploy shows at once.
    f.cache_control = is_fingerprinted(url) ? "public, max-age=31536000, immutable" : "no-cache";
    out->files_.emplace(url, std::move(f));
  }
  return out;
}

http::Response StaticFiles::answer(const File& file, const http::Request& req) const {
  http::Response res;
  res.content_type = file.content_type;
  res.headers = {{"Cache-Control", file.cache_control}, {"ETag", file.etag}};
  if (file.content_type.rfind("text/html", 0) == 0) {
    res.headers.emplace_back("Content-Security-Policy", kPagePolicy);
    res.headers.emplace_back("Referrer-Policy", "same-origin");
  }
  if (const auto match = req.header("if-none-match"); match && *match == file.etag) {
    res.status = 304;
    return res;
  }
  res.body = file.body;
  return res;
}

std::optional<http::Response> StaticFiles::respond(const http::Request& req) const {
  const std::string path = req.path.empty() ? "/" : req.path;
  if (const auto it = files_.find(path); it != files_.end()) return answer(it->second, req);
  const auto last = path.substr(path.rfind('/') + 1);
  if (last.find('.') != std::string::npos || is_fingerprinted(path)) return std::nullopt;
  return answer(files_.at("/index.html"), req);
}

}  // namespace agora::web
