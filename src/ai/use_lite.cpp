#include "ai/use_lite.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "ai/graph_file.hpp"
#include "ai/tensor_ops.hpp"

// What model.json's graph computes, for a batch of one text with n token ids
// (the reference feeds them as a sparse [batch, position] -> id tensor; the
// scatter/gather plumbing around each step only moves rows between that
// sparse form and dense [batch, length] tensors and drops out for one text):
//
//   ClipToMaxLength   keep the ids at positions < 128 (L = min(n, 128))
//   x0[t]             = 2 * E[id_t] + timing(t), 256 wide: the embedding is
//                       added twice (once scattered, once with the timing
//                       signal, and the two summed), timing(t) = [sin(t * w_k),
//                       cos(t * w_k)] for the graph's 128 frequencies w_k
//   Layer_0 (256 -> 512)
//     r  = x0 W_d + b_d                     AdjustResidualInput: the residual, widened
//     a  = MHA(LN(x0)) W_o + b_o + r        4 heads of 64, q scaled by 1/8
//     x1 = FFN(LN(a)) + a                   512 -> 1536 (ReLU) -> 512
//   Layer_1 (512)
//     a  = MHA(LN(x1)) W_o + b_o + x1       4 heads of 128, q scaled by 1/sqrt(128)
//     x2 = FFN(LN(a)) + a
//   pooled = mean of x2 over the L positions (divided by max(L, 1))
//   out    = l2_normalize(tanh(pooled W + b)), sum of squares floored at 1e-12
//
// LN is layer normalisation with epsilon 1e-6; MHA projects q, k and v with
// one 1x1 convolution (a matrix product) and attends over all L positions
// (the padding mask of a batch masks nothing for one text). No dropout, no
// final layer norm.

namespace agora::ai {
namespace {

// model.json's op histogram: a different graph (another export, another
// model) fails to load instead of being run with the wrong arithmetic.
constexpr std::pair<std::string_view, int> kExpectedOps[] = {
    {"Add", 17},          {"BatchMatMul", 4}, {"BiasAdd", 10},      {"Cast", 6},      {"ConcatV2", 12}, {"Const", 61},
    {"Conv2D", 4},        {"Cos", 1},         {"ExpandDims", 12},   {"GatherNd", 4},  {"GatherV2", 11}, {"Greater", 1},
    {"Less", 2},          {"LogicalNot", 1},  {"MatMul", 6},        {"Max", 1},       {"Maximum", 3},   {"Mean", 8},
    {"Mul", 14},          {"Pack", 12},       {"Placeholder", 2},   {"Prod", 8},      {"Range", 1},     {"RealDiv", 1},
    {"Relu", 2},          {"Reshape", 21},    {"Rsqrt", 5},         {"ScatterNd", 5}, {"Shape", 21},    {"Sin", 1},
    {"Slice", 2},         {"Softmax", 2},     {"SparseToDense", 1}, {"SplitV", 2},    {"Square", 5},    {"Squeeze", 6},
    {"StridedSlice", 24}, {"Sub", 4},         {"Sum", 3},           {"Tanh", 1},      {"Transpose", 8}, {"Where", 2},
};

constexpr std::string_view kKona = "module_apply_default/Encoder_en/KonaTransformer/";
std::string kona(std::string_view rest) { return std::string(kKona) + std::string(rest); }

// The weights of one layer are spread over three name prefixes.
std::string partitioned(int layer, const std::string& rest) {  // variables stored in partitions, concatenated
  return kona("Encode/Layer_") + std::to_string(layer) + "/TransformerLayer/" + rest + "/ConcatPartitions/concat";
}
std::string stacked(int layer, const std::string& rest) {
  return kona("Encode/TransformerStack/Layer_") + std::to_string(layer) + "/TransformerLayer/" + rest;
}
std::string attention_kernel(int layer, const std::string& which) {
  return "module/Encoder_en/KonaTransformer/Encode/Layer_" + std::to_string(layer) +
         "/TransformerLayer/MultiheadAttention/" + which + "/kernel/part_0";
}

}  // namespace

struct UseLite::Weights {
  struct Layer {
    std::size_t in = 0, heads = 0, hidden = 0;
    float q_scale = 0;
    const float *ln_scale = nullptr, *ln_bias = nullptr, *qkv_w = nullptr, *qkv_b = nullptr, *out_w = nullptr,
                *out_b = nullptr;
    const float *residual_w = nullptr, *residual_b = nullptr;  // layer 0 only: widens the residual to 512
    const float *ffn_ln_scale = nullptr, *ffn_ln_bias = nullptr, *w1 = nullptr, *b1 = nullptr, *w2 = nullptr,
                *b2 = nullptr;
  };

  Weights(Tokenizer t, GraphFile g) : tokenizer(std::move(t)), graph(std::move(g)) {}

  Tokenizer tokenizer;
  GraphFile graph;  // owns every array the pointers point into

  std::size_t max_length = 0, vocab_rows = 0, embed_dim = 0, model_dim = 0;
  const float* embeddings = nullptr;
  std::vector<float> frequencies;  // of the timing signal
  float ln_epsilon = 0, l2_epsilon = 0;
  Layer layers[2];
  const float *out_w = nullptr, *out_b = nullptr;
};

namespace {

using Shape = std::vector<std::int64_t>;

std::string shape_text(const Shape& s) {
  std::string out = "[";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

const Tensor& tensor(const GraphFile& g, const std::string& name, const Shape& shape) {
  const auto it = g.tensors.find(name);
  if (it == g.tensors.end()) throw std::runtime_error("model.json: weight " + name + " is missing");
  if (it->second.shape != shape) {
    throw std::runtime_error("model.json: weight " + name + " has shape " + shape_text(it->second.shape) +
                             ", expected " + shape_text(shape));
  }
  return it->second;
}
const float* floats(const GraphFile& g, const std::string& name, const Shape& shape) {
  const Tensor& t = tensor(g, name, shape);
  if (t.floats.empty()) throw std::runtime_error("model.json: weight " + name + " is not float32");
  return t.floats.data();
}
float float_scalar(const GraphFile& g, const std::string& name) { return *floats(g, name, {}); }
std::int64_t int_scalar(const GraphFile& g, const std::string& name) {
  const Tensor& t = tensor(g, name, {});
  if (t.ints.empty()) throw std::runtime_error("model.json: constant " + name + " is not int32");
  return t.ints[0];
}

void check_ops(const GraphFile& g) {
  for (const auto& [op, want] : kExpectedOps) {
    const auto it = g.op_counts.find(std::string(op));
    const int have = it == g.op_counts.end() ? 0 : it->second;
    if (have != want) {
      throw std::runtime_error("model.json: not the graph this code implements (" + std::to_string(have) + " " +
                               std::string(op) + " nodes, expected " + std::to_string(want) + ")");
    }
  }
  for (const auto& entry : g.op_counts) {
    const std::string& op = entry.first;
    if (std::none_of(std::begin(kExpectedOps), std::end(kExpectedOps), [&](const auto& e) { return e.first == op; })) {
      throw std::runtime_error("model.json: not the graph this code implements (op " + op + " is unknown to it)");
    }
  }
}

}  // namespace

std::unique_ptr<UseLite> UseLite::load(const std::filesystem::path& dir) {
  for (const char* file : {"vocab.json", "model.json"}) {
    if (!std::filesystem::is_regular_file(dir / file)) {
      throw std::runtime_error("no Universal Sentence Encoder Lite model in " + dir.string() + " (" + file +
                               " is missing): run scripts/fetch-model, or point the model directory at a copy of "
                               "its files");
    }
  }
  Tokenizer tokenizer(load_vocabulary(dir / "vocab.json"));
  auto w = std::make_unique<Weights>(std::move(tokenizer), load_graph(dir / "model.json"));
  const GraphFile& g = w->graph;
  check_ops(g);

  w->max_length = static_cast<std::size_t>(int_scalar(g, kona("ClipToMaxLength/Less/y")));
  const auto& embeddings = g.tensors.find("module/Embeddings_en");
  if (embeddings == g.tensors.end() || embeddings->second.shape.size() != 2) {
    throw std::runtime_error("model.json: weight module/Embeddings_en is missing or not a matrix");
  }
  w->vocab_rows = static_cast<std::size_t>(embeddings->second.shape[0]);
  w->embed_dim = static_cast<std::size_t>(embeddings->second.shape[1]);
  w->embeddings = embeddings->second.floats.data();
  if (w->vocab_rows < w->tokenizer.vocabulary_size() || w->embed_dim % 2 != 0 || w->embeddings == nullptr) {
    throw std::runtime_error("model.json: the embedding matrix does not fit vocab.json");
  }
  const auto half = static_cast<std::int64_t>(w->embed_dim / 2);
  const float* freq =
      floats(g, kona("Encode/TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1"), {1, half});
  w->frequencies.assign(freq, freq + half);
  w->ln_epsilon = float_scalar(g, stacked(1, "FFN/layer_prepostprocess/layer_norm/Cast/x"));
  w->l2_epsilon = float_scalar(g, "module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y");

  const auto heads = int_scalar(g, stacked(1, "MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2"));
  const auto width = g.tensors.find(partitioned(0, "MultiheadAttention/output_transform_single/bias"));
  if (width == g.tensors.end() || width->second.shape.size() != 1) {
    throw std::runtime_error("model.json: the output projection of layer 0 is missing");
  }
  const std::int64_t d = width->second.shape[0];
  w->model_dim = static_cast<std::size_t>(d);
  for (int l = 0; l < 2; ++l) {
    Weights::Layer& layer = w->layers[l];
    const std::int64_t in = l == 0 ? static_cast<std::int64_t>(w->embed_dim) : d;
    const auto head_dim =
        int_scalar(g, stacked(l, "MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3"));
    if (heads * head_dim != in) throw std::runtime_error("model.json: heads do not divide layer " + std::to_string(l));
    const auto hidden = g.tensors.find(partitioned(l, "FFN/conv1/bias"));
    if (hidden == g.tensors.end() || hidden->second.shape.size() != 1) {
      throw std::runtime_error("model.json: the feed-forward bias of layer " + std::to_string(l) + " is missing");
    }
    const std::int64_t h = hidden->second.shape[0];
    layer.in = static_cast<std::size_t>(in);
    layer.heads = static_cast<std::size_t>(heads);
    layer.hidden = static_cast<std::size_t>(h);
    layer.q_scale = float_scalar(g, stacked(l, "MultiheadAttention/mul/y"));
    layer.ln_scale = floats(g, partitioned(l, "layer_prepostprocess/layer_norm/layer_norm_scale"), {in});
    layer.ln_bias = floats(g, partitioned(l, "layer_prepostprocess/layer_norm/layer_norm_bias"), {in});
    layer.qkv_w = floats(g, attention_kernel(l, "qkv_transform_single"), {1, 1, in, 3 * in});
    layer.qkv_b = floats(g, partitioned(l, "MultiheadAttention/qkv_transform_single/bias"), {3 * in});
    layer.out_w = floats(g, attention_kernel(l, "output_transform_single"), {1, 1, in, d});
    layer.out_b = floats(g, partitioned(l, "MultiheadAttention/output_transform_single/bias"), {d});
    if (in != d) {
      layer.residual_w = floats(g, partitioned(l, "dense/kernel"), {in, d});
      layer.residual_b = floats(g, partitioned(l, "dense/bias"), {d});
    }
    layer.ffn_ln_scale = floats(g, partitioned(l, "FFN/layer_prepostprocess/layer_norm/layer_norm_scale"), {d});
    layer.ffn_ln_bias = floats(g, partitioned(l, "FFN/layer_prepostprocess/layer_norm/layer_norm_bias"), {d});
    layer.w1 = floats(g, stacked(l, "FFN/conv1/Tensordot/Reshape_1"), {d, h});
    layer.b1 = floats(g, partitioned(l, "FFN/conv1/bias"), {h});
    layer.w2 = floats(g, stacked(l, "FFN/conv2/Tensordot/Reshape_1"), {h, d});
    layer.b2 = floats(g, partitioned(l, "FFN/conv2/bias"), {d});
    // What affine() and self_attention() require.
    if (layer.in % 8 != 0 || layer.hidden % 8 != 0 || w->model_dim % 8 != 0 || layer.heads == 0 ||
        layer.in % layer.heads != 0 || (layer.in / layer.heads) % 8 != 0) {
      throw std::runtime_error("model.json: layer or head widths are not multiples of 8");
    }
  }
  w->out_w = floats(g, "module/Encoder_en/hidden_layers/tanh_layer_0/weights", {d, d});
  w->out_b = floats(g, "module/Encoder_en/hidden_layers/tanh_layer_0/bias", {d});
  return std::unique_ptr<UseLite>(new UseLite(std::move(w)));
}

UseLite::UseLite(std::unique_ptr<const Weights> w) : w_(std::move(w)) {}
UseLite::~UseLite() = default;

int UseLite::dimensions() const { return static_cast<int>(w_->model_dim); }
std::size_t UseLite::max_tokens() const { return w_->max_length; }
const Tokenizer& UseLite::tokenizer() const { return w_->tokenizer; }

std::vector<std::vector<float>> UseLite::embed(const std::vector<std::string>& texts) {
  std::vector<std::vector<float>> out;
  out.reserve(texts.size());
  for (const auto& t : texts) out.push_back(embed_text(t));
  return out;
}

std::vector<float> UseLite::embed_text(std::string_view text) const { return embed_ids(tokenizer().encode(text)); }

std::vector<float> UseLite::embed_ids(std::span<const std::int32_t> all_ids) const {
  const Weights& w = *w_;
  const auto ids = all_ids.first(std::min(all_ids.size(), w.max_length));
  const std::size_t n = ids.size(), e = w.embed_dim, d = w.model_dim;

  // Token embeddings, twice, plus the timing signal.
  std::vector<float> x(n * e);
  const std::size_t half = e / 2;
  for (std::size_t t = 0; t < n; ++t) {
    if (ids[t] < 0 || static_cast<std::size_t>(ids[t]) >= w.vocab_rows) {
      throw std::out_of_range("token id " + std::to_string(ids[t]) + " is outside the embedding matrix");
    }
    const float* row = w.embeddings + static_cast<std::size_t>(ids[t]) * e;
    float* xt = x.data() + t * e;
    for (std::size_t k = 0; k < half; ++k) {
      const float angle = static_cast<float>(t) * w.frequencies[k];
      xt[k] = row[k] + (row[k] + std::sin(angle));
      xt[half + k] = row[half + k] + (row[half + k] + std::cos(angle));
    }
  }

  std::vector<float> ln, qkv, context, a(n * d), hidden, ffn(n * d);
  for (const Weights::Layer& layer : w.layers) {
    const std::size_t in = layer.in;
    // The residual: the layer's input, widened where the layer widens.
    std::vector<float> residual;
    if (layer.residual_w != nullptr) {
      residual.resize(n * d);
      affine(x.data(), n, in, layer.residual_w, layer.residual_b, d, residual.data());
    } else {
      residual = x;
    }
    ln.resize(n * in);
    layer_norm(x.data(), n, in, layer.ln_scale, layer.ln_bias, w.ln_epsilon, ln.data());
    qkv.resize(n * 3 * in);
    affine(ln.data(), n, in, layer.qkv_w, layer.qkv_b, 3 * in, qkv.data());
    context.resize(n * in);
    self_attention(qkv.data(), n, in, layer.heads, layer.q_scale, context.data());
    affine(context.data(), n, in, layer.out_w, layer.out_b, d, a.data());
    add(a.data(), residual.data(), n * d);

    ln.resize(n * d);
    layer_norm(a.data(), n, d, layer.ffn_ln_scale, layer.ffn_ln_bias, w.ln_epsilon, ln.data());
    hidden.resize(n * layer.hidden);
    affine(ln.data(), n, d, layer.w1, layer.b1, layer.hidden, hidden.data());
    relu(hidden.data(), hidden.size());
    affine(hidden.data(), n, layer.hidden, layer.w2, layer.b2, d, ffn.data());
    add(ffn.data(), a.data(), n * d);
    x.swap(ffn);
    ffn.resize(n * d);
  }

  std::vector<float> pooled(d, 0.0f);
  for (std::size_t t = 0; t < n; ++t) add(pooled.data(), x.data() + t * d, d);
  const auto count = static_cast<float>(std::max<std::size_t>(n, 1));
  for (float& v : pooled) v /= count;

  std::vector<float> out(d);
  affine(pooled.data(), 1, d, w.out_w, w.out_b, d, out.data());
  float squares = 0;
  for (float& v : out) {
    v = std::tanh(v);
    squares += v * v;
  }
  const float inv = 1.0f / std::sqrt(std::max(squares, w.l2_epsilon));
  for (float& v : out) v *= inv;
  return out;
}

}  // namespace agora::ai
