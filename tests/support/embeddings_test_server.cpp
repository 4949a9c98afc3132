#include "support/embeddings_test_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace agora::test {
namespace {

std::filesystem::path script() {
  return std::filesystem::path(AGORA_SOURCE_DIR) / "tests" / "embeddings" / "openai-server.mjs";
}

}  // namespace

EmbeddingsTestServer::EmbeddingsTestServer(const EmbeddingsServerOptions& options) {
  std::vector<std::string> args{"node",   script().string(),
                                "--log",  (dir_.path() / "requests.jsonl").string(),
                                "--dims", std::to_string(options.dims)};
  auto flag = [&](bool on, const char* name) {
    if (on) args.emplace_back(name);
  };
  if (!options.key.empty()) args.insert(args.end(), {"--key", options.key});
  flag(options.unnormalised, "--unnormalised");
  flag(options.shuffle, "--shuffle");
  if (options.fail_first > 0)
    args.insert(args.end(), {"--fail-first", std::to_string(options.fail_first), "--fail-status",
                             std::to_string(options.fail_status)});
  flag(options.retry_after, "--retry-after");
  if (options.delay_ms > 0) args.insert(args.end(), {"--delay-ms", std::to_string(options.delay_ms)});
  flag(options.wrong_dims, "--wrong-dims");
  flag(options.duplicate_index, "--duplicate-index");
  flag(options.non_finite, "--non-finite");

  const std::string line = process_.start(args, std::chrono::seconds(10));
  port_ = listening_port(line);
  if (port_ == 0) {
    stop();
    throw std::runtime_error("the embeddings test server did not start: '" + line + "'");
  }
}

std::string EmbeddingsTestServer::url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

std::vector<EmbeddingsRequest> EmbeddingsTestServer::requests() const {
  std::vector<EmbeddingsRequest> out;
  std::ifstream in(dir_.path() / "requests.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto o = boost::json::parse(line).as_object();
    EmbeddingsRequest r;
    if (const auto* b = o.if_contains("batch"); b && b->is_int64()) r.batch = int(b->get_int64());
    r.status = int(o.at("status").to_number<std::int64_t>());
    r.authorization = o.at("authorization").as_bool();
    if (const auto* m = o.if_contains("model"); m && m->is_string()) r.model = m->get_string();
    if (const auto* f = o.if_contains("encoding_format"); f && f->is_string()) r.encoding_format = f->get_string();
    if (const auto* d = o.if_contains("dimensions"); d && d->is_int64()) r.dimensions = int(d->get_int64());
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace agora::test
