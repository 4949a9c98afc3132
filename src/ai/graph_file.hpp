#pragma once
// A TensorFlow.js graph model on disk: model.json (the graph's nodes and the
// manifest of its weights) and the raw little-endian weight shards beside it.
// Only what the forward pass needs is kept: which ops the graph has, and the
// constant tensors by name.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace agora::ai {

struct Tensor {
  std::vector<std::int64_t> shape;
  std::vector<float> floats;       // dtype float32
  std::vector<std::int32_t> ints;  // dtype int32
};

struct GraphFile {
  std::map<std::string, int> op_counts;  // op name -> nodes with it
  std::map<std::string, Tensor, std::less<>> tensors;
};

// Throws std::runtime_error naming the file and the problem: missing or short
// shards, an unknown dtype, quantized weights, a shard path that is not a
// plain file name.
GraphFile load_graph(const std::filesystem::path& model_json);

}  // namespace agora::ai
