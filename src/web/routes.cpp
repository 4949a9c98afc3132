#include "web/routes.hpp"

#include <filesystem>

#include "core/checkout_path.hpp"
#include "core/errors.hpp"
#include "core/log.hpp"
#include "web/static_files.hpp"

namespace agora::web {

void add_routes(http::Router& router, const Config& config) {
  if (config.web_dir == "off") return;
  const auto dir = resolve_checkout_path(config.web_dir);
  if (config.web_dir == Config{}.web_dir && !std::filesystem::exists(std::filesystem::path(dir) / "index.html")) {
    log::info("no web app build; serving the API only (make run builds web/)", {{"web.dir", dir}});
    return;
  }
  auto files = StaticFiles::load(dir);
  log::info("serving the web app", {{"web.dir", dir}, {"web.files", std::to_string(files->size())}});
  router.set_fallback("web", [files](http::Request& req) -> Task<http::Response> {
    auto res = files->respond(req);
    if (!res) throw Problem::not_found("No file " + req.path + " in the web app.");
    co_return std::move(*res);
  });
}

}  // namespace agora::web
