#include "ai/tensor_ops.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace agora::ai {
namespace {

// affine() in register-sized blocks: kRows rows by kLanes columns of `out`
// accumulate in vector registers over all of k, so each weight loaded serves
// kRows rows and no partial sum goes back to memory until the end. Vec is
// GCC's (and Clang's) portable vector type, four floats: SSE2 on any x86-64,
// NEON on ARM; no intrinsics, no -march.
using Vec = float __attribute__((vector_size(16)));
constexpr std::size_t kVecs = 2;  // per row of a block
constexpr std::size_t kLanes = kVecs * 4;
// 6 x 2 accumulators + 2 weights + 1 broadcast: 15 of SSE2's 16 registers.
constexpr std::size_t kRows = 6;

Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
void store(float* p, Vec v) { std::memcpy(p, &v, sizeof v); }

// The loops over rows and vectors are unrolled (their counts are constants)
// so that `acc` lives in registers, not on the stack.
template <std::size_t Rows>
void affine_block(const float* __restrict in, std::size_t k_dim, const float* __restrict w, std::size_t n,
                  const float* __restrict bias, float* __restrict out) {
  Vec acc[Rows][kVecs];
#pragma GCC unroll 16
  for (std::size_t r = 0; r < Rows; ++r) {
#pragma GCC unroll 16
    for (std::size_t v = 0; v < kVecs; ++v) acc[r][v] = load(bias + 4 * v);
  }
  for (std::size_t k = 0; k < k_dim; ++k) {
    Vec wk[kVecs];
#pragma GCC unroll 16
    for (std::size_t v = 0; v < kVecs; ++v) wk[v] = load(w + k * n + 4 * v);
#pragma GCC unroll 16
    for (std::size_t r = 0; r < Rows; ++r) {
      const float a = in[r * k_dim + k];
#pragma GCC unroll 16
      for (std::size_t v = 0; v < kVecs; ++v) acc[r][v] += a * wk[v];
    }
  }
#pragma GCC unroll 16
  for (std::size_t r = 0; r < Rows; ++r) {
#pragma GCC unroll 16
    for (std::size_t v = 0; v < kVecs; ++v) store(out + r * n + 4 * v, acc[r][v]);
  }
}

}  // namespace

void affine(const float* __restrict in, std::size_t rows, std::size_t k_dim, const float* __restrict w,
            const float* __restrict bias, std::size_t n, float* __restrict out) {
  // Column strips outside, rows inside: one strip of the weights (k_dim x
  // kLanes floats) stays in cache while every row block passes over it.
  for (std::size_t j = 0; j < n; j += kLanes) {
    std::size_t r = 0;
    for (; r + kRows <= rows; r += kRows) {
      affine_block<kRows>(in + r * k_dim, k_dim, w + j, n, bias + j, out + r * n + j);
    }
    // The last rows in one block too: a short text is all remainder, and
    // each block streams the weights' strip once.
    static_assert(kRows == 6, "one case per remainder");
    const float* tail_in = in + r * k_dim;
    float* tail_out = out + r * n + j;
    switch (rows - r) {
      case 5:
        affine_block<5>(tail_in, k_dim, w + j, n, bias + j, tail_out);
        break;
      case 4:
        affine_block<4>(tail_in, k_dim, w + j, n, bias + j, tail_out);
        break;
      case 3:
        affine_block<3>(tail_in, k_dim, w + j, n, bias + j, tail_out);
        break;
      case 2:
        affine_block<2>(tail_in, k_dim, w + j, n, bias + j, tail_out);
        break;
      case 1:
        affine_block<1>(tail_in, k_dim, w + j, n, bias + j, tail_out);
        break;
      default:
        break;
    }
  }
}

void layer_norm(const float* in, std::size_t rows, std::size_t dim, const float* scale, const float* bias,
                float epsilon, float* out) {
  for (std::size_t r = 0; r < rows; ++r) {
    const float* x = in + r * dim;
    double sum = 0;
    for (std::size_t i = 0; i < dim; ++i) sum += x[i];
    const auto mean = static_cast<float>(sum / static_cast<double>(dim));
    double squares = 0;
    for (std::size_t i = 0; i < dim; ++i) squares += static_cast<double>(x[i] - mean) * (x[i] - mean);
    const auto variance = static_cast<float>(squares / static_cast<double>(dim));
    const float inv = 1.0f / std::sqrt(variance + epsilon);
    float* y = out + r * dim;
    for (std::size_t i = 0; i < dim; ++i) y[i] = scale[i] * inv * (x[i] - mean) + bias[i];
  }
}

void self_attention(const float* qkv, std::size_t rows, std::size_t dim, std::size_t heads, float q_scale,
                    float* context) {
  const std::size_t head_dim = dim / heads;
  const std::size_t stride = 3 * dim;
  std::vector<float> q(head_dim), p(rows);
  for (std::size_t h = 0; h < heads; ++h) {
    const std::size_t off = h * head_dim;
    for (std::size_t i = 0; i < rows; ++i) {
      // The graph scales q before the product, not the logits after it.
      for (std::size_t d = 0; d < head_dim; ++d) q[d] = qkv[i * stride + off + d] * q_scale;
      float top = -INFINITY;
      for (std::size_t j = 0; j < rows; ++j) {
        const float* k = qkv + j * stride + dim + off;
        float s = 0;
        for (std::size_t d = 0; d < head_dim; ++d) s += q[d] * k[d];
        p[j] = s;
        top = std::max(top, s);
      }
      float total = 0;
      for (std::size_t j = 0; j < rows; ++j) {
        p[j] = std::exp(p[j] - top);
        total += p[j];
      }
      float* __restrict c = context + i * dim + off;
      std::fill_n(c, head_dim, 0.0f);
      for (std::size_t j = 0; j < rows; ++j) {
        const float weight = p[j] / total;
        const float* __restrict v = qkv + j * stride + 2 * dim + off;
        for (std::size_t d = 0; d < head_dim; ++d) c[d] += weight * v[d];
      }
    }
  }
}

void relu(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = std::max(x[i], 0.0f);
}

void add(float* __restrict a, const float* __restrict b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) a[i] += b[i];
}

}  // namespace agora::ai
