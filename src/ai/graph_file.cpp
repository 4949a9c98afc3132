#include "ai/graph_file.hpp"

#include <bit>
#include <boost/json.hpp>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace agora::ai {
namespace {

namespace json = boost::json;

static_assert(std::endian::native == std::endian::little, "weight shards are little-endian; add a byte swap here");

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

GraphFile load_graph(const std::filesystem::path& model_json) {
  const auto fail = [&](const std::string& what) { return std::runtime_error(model_json.string() + ": " + what); };
  json::value doc;
  try {
    doc = json::parse(read_file(model_json));
  } catch (const std::system_error& e) {
    throw fail(std::string("not JSON: ") + e.what());
  }
  GraphFile g;
  try {
    for (const auto& node : doc.at("modelTopology").at("node").as_array()) {
      ++g.op_counts[json::value_to<std::string>(node.at("op"))];
    }
    for (const auto& group : doc.at("weightsManifest").as_array()) {
      // A group's shards are one byte stream, cut into files of at most 4 MB.
      std::string bytes;
      for (const auto& path : group.at("paths").as_array()) {
        const std::filesystem::path name(json::value_to<std::string>(path));
        if (name.empty() || name.has_parent_path() || name == "." || name == "..") {
          throw fail("weight path " + name.string() + " is not a file name");
        }
        bytes += read_file(model_json.parent_path() / name);
      }
      std::size_t offset = 0;
      for (const auto& w : group.at("weights").as_array()) {
        const auto& entry = w.as_object();
        auto name = json::value_to<std::string>(entry.at("name"));
        const auto dtype = json::value_to<std::string>(entry.at("dtype"));
        if (entry.contains("quantization")) throw fail(name + ": quantized weights are not supported");
        if (dtype != "float32" && dtype != "int32") throw fail(name + ": dtype " + dtype + " is not supported");
        Tensor t;
        std::size_t count = 1;
        for (const auto& d : entry.at("shape").as_array()) {
          const auto dim = json::value_to<std::int64_t>(d);
          if (dim < 0) throw fail(name + ": negative dimension");
          t.shape.push_back(dim);
          count *= static_cast<std::size_t>(dim);
        }
        const std::size_t size = count * 4;
        if (offset + size > bytes.size()) throw fail(name + ": the weight shards end before this weight");
        if (dtype == "float32") {
          t.floats.resize(count);
          std::memcpy(t.floats.data(), bytes.data() + offset, size);
        } else {
          t.ints.resize(count);
          std::memcpy(t.ints.data(), bytes.data() + offset, size);
        }
        offset += size;
        g.tensors.insert_or_assign(std::move(name), std::move(t));
      }
      if (offset != bytes.size()) throw fail("the weight shards hold more bytes than the manifest lists");
    }
  } catch (const std::system_error& e) {  // boost::json: a missing key or a value of another kind
    throw fail(std::string("unexpected structure: ") + e.what());
  } catch (const std::logic_error& e) {  // boost::json: out_of_range, invalid_argument
    throw fail(std::string("unexpected structure: ") + e.what());
  }
  return g;
}

}  // namespace agora::ai
