#pragma once
// The few numeric kernels the encoder's forward pass is made of, on plain
// row-major float arrays. affine() takes most of the time and is written
// in register blocks of GCC's portable vector types, with a kernel for
// x86-64-v3 CPUs (AVX2, FMA) chosen at run time (see the .cpp); the rest are
// plain loops.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace agora::ai {

// out[r][j] = bias[j] + sum over k of in[r][k] * w[k][j]; w is [k_dim][n] and
// n a multiple of 8. `out` must not overlap `in`.
void affine(const float* in, std::size_t rows, std::size_t k_dim, const float* w, const float* bias, std::size_t n,
            float* out);

// The kernels affine() chooses from that this CPU can run, by name: for
// tests that hold each one to the same results.
using AffineKernel = void (*)(const float*, std::size_t, std::size_t, const float*, const float*, std::size_t, float*);
std::vector<std::pair<std::string, AffineKernel>> affine_kernels();

// Per row: (x - mean) / sqrt(variance + epsilon) * scale + bias.
void layer_norm(const float* in, std::size_t rows, std::size_t dim, const float* scale, const float* bias,
                float epsilon, float* out);

// Multi-head scaled dot-product self-attention over `rows` tokens, no mask
// (every token sees every token). qkv rows are [q | k | v], each `dim` wide
// and split into `heads` equal slices; context rows are `dim` wide, the
// heads side by side.
void self_attention(const float* qkv, std::size_t rows, std::size_t dim, std::size_t heads, float q_scale,
                    float* context);

void relu(float* x, std::size_t n);
// a[i] += b[i]
void add(float* a, const float* b, std::size_t n);

}  // namespace agora::ai
