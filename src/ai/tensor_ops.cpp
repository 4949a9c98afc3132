#include "ai/tensor_ops.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

// self_attention() is compiled twice on x86-64 with GCC, for the baseline
// (SSE2) and for x86-64-v3 (AVX2 and FMA), and the loader picks the one the
// CPU runs (function multiversioning). affine() chooses between its two
// kernels itself, since they differ in more than the instructions.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define AGORA_X86_64_V3 1
#define AGORA_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define AGORA_X86_64_V3 0
#define AGORA_MULTIVERSION
#endif
#define AGORA_INLINE __attribute__((always_inline)) inline

namespace agora::ai {
namespace {

// affine() in register-sized blocks: Rows rows by Lanes columns of `out`
// accumulate in vector registers over all of k, so each weight loaded serves
// Rows rows and no partial sum goes back to memory until the end. The
// vectors are GCC's (and Clang's) portable vector types, no intrinsics:
//   baseline  2 x 4 floats per row, 6 rows: 12 accumulators + 2 weights + 1
//             broadcast in SSE2's 16 registers (NEON on ARM alike);
//   v3        8 floats per row, 12 rows, in AVX2's 16 registers, each step a
//             fused multiply-add.
using Vec4 = float __attribute__((vector_size(16)));
using Vec8 = float __attribute__((vector_size(32)));
constexpr std::size_t kLanes = 8;  // columns per block in both kernels

// By reference and always inlined: a wide vector passed by value would
// change the calling convention with the target.
template <class V>
AGORA_INLINE void load(V& v, const float* p) {
  std::memcpy(&v, p, sizeof v);
}
template <class V>
AGORA_INLINE void store(float* p, const V& v) {
  std::memcpy(p, &v, sizeof v);
}

// The loops over rows and vectors are unrolled (their counts are constants)
// so that `acc` lives in registers, not on the stack.
template <class V, std::size_t Rows>
AGORA_INLINE void affine_block(const float* __restrict in, std::size_t k_dim, const float* __restrict w, std::size_t n,
                               const float* __restrict bias, float* __restrict out) {
  constexpr std::size_t floats = sizeof(V) / sizeof(float);
  constexpr std::size_t vecs = kLanes / floats;
  V acc[Rows][vecs];
#pragma GCC unroll 16
  for (std::size_t r = 0; r < Rows; ++r) {
#pragma GCC unroll 16
    for (std::size_t v = 0; v < vecs; ++v) load(acc[r][v], bias + floats * v);
  }
  for (std::size_t k = 0; k < k_dim; ++k) {
    V wk[vecs];
#pragma GCC unroll 16
    for (std::size_t v = 0; v < vecs; ++v) load(wk[v], w + k * n + floats * v);
#pragma GCC unroll 16
    for (std::size_t r = 0; r < Rows; ++r) {
      const float a = in[r * k_dim + k];
#pragma GCC unroll 16
      for (std::size_t v = 0; v < vecs; ++v) acc[r][v] += a * wk[v];
    }
  }
#pragma GCC unroll 16
  for (std::size_t r = 0; r < Rows; ++r) {
#pragma GCC unroll 16
    for (std::size_t v = 0; v < vecs; ++v) store(out + r * n + floats * v, acc[r][v]);
  }
}

// The last rows (fewer than a block) in one block too: a short text is all
// remainder, and each block streams the weights' strip once.
template <class V, std::size_t Rows>
AGORA_INLINE void affine_tail(std::size_t left, const float* in, std::size_t k_dim, const float* w, std::size_t n,
                              const float* bias, float* out) {
  if constexpr (Rows > 0) {
    if (left == Rows) affine_block<V, Rows>(in, k_dim, w, n, bias, out);
    else affine_tail<V, Rows - 1>(left, in, k_dim, w, n, bias, out);
  }
}

template <class V, std::size_t Rows>
AGORA_INLINE void affine_kernel(const float* in, std::size_t rows, std::size_t k_dim, const float* w, const float* bias,
                                std::size_t n, float* out) {
  // Column strips outside, rows inside: one strip of the weights (k_dim x
  // kLanes floats) stays in cache while every row block passes over it.
  for (std::size_t j = 0; j < n; j += kLanes) {
    std::size_t r = 0;
    for (; r + Rows <= rows; r += Rows)
      affine_block<V, Rows>(in + r * k_dim, k_dim, w + j, n, bias + j, out + r * n + j);
    affine_tail<V, Rows - 1>(rows - r, in + r * k_dim, k_dim, w + j, n, bias + j, out + r * n + j);
  }
}

void affine_baseline(const float* in, std::size_t rows, std::size_t k_dim, const float* w, const float* bias,
                     std::size_t n, float* out) {
  affine_kernel<Vec4, 6>(in, rows, k_dim, w, bias, n, out);
}

#if AGORA_X86_64_V3
__attribute__((target("arch=x86-64-v3"))) void affine_v3(const float* in, std::size_t rows, std::size_t k_dim,
                                                         const float* w, const float* bias, std::size_t n, float* out) {
  affine_kernel<Vec8, 12>(in, rows, k_dim, w, bias, n, out);
}
bool has_v3() {
  static const bool yes = [] {
    __builtin_cpu_init();  // may run before libgcc's own initialisation
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return yes;
}
#endif

}  // namespace

void affine(const float* __restrict in, std::size_t rows, std::size_t k_dim, const float* __restrict w,
            const float* __restrict bias, std::size_t n, float* __restrict out) {
#if AGORA_X86_64_V3
  if (has_v3()) return affine_v3(in, rows, k_dim, w, bias, n, out);
#endif
  affine_baseline(in, rows, k_dim, w, bias, n, out);
}

std::vector<std::pair<std::string, AffineKernel>> affine_kernels() {
  std::vector<std::pair<std::string, AffineKernel>> out{{"baseline", &affine_baseline}};
#if AGORA_X86_64_V3
  if (has_v3()) out.emplace_back("x86-64-v3", &affine_v3);
#endif
  return out;
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

AGORA_MULTIVERSION void self_attention(const float* qkv, std::size_t rows, std::size_t dim, std::size_t heads,
                                       float q_scale, float* context) {
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
        // Eight partial sums, so the compiler can run them as one vector
        // (a single sum is a chain of dependent additions); head_dim is a
        // multiple of 8 (use_lite.cpp checks).
        float part[8] = {};
        for (std::size_t d = 0; d < head_dim; d += 8) {
#pragma GCC unroll 8
          for (std::size_t l = 0; l < 8; ++l) part[l] += q[d + l] * k[d + l];
        }
        const float s = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
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
