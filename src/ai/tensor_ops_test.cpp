#include "ai/tensor_ops.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace agora::ai;

// Every kernel this CPU runs, for every count of rows around its block sizes
// (6 and 12 rows) and widths of one and several strips, against the sum
// written out in double precision.
TEST(Affine, EveryKernelComputesTheSameProductForAnyNumberOfRows) {
  std::mt19937 random(7);  // NOLINT(cert-msc32-c,cert-msc51-cpp): the same data on every run
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  const auto kernels = affine_kernels();
  ASSERT_GE(kernels.size(), 1U);
  EXPECT_EQ(kernels.front().first, "baseline");
  for (const std::size_t k_dim : {1U, 24U, 200U}) {
    for (const std::size_t n : {8U, 40U}) {
      for (std::size_t rows = 1; rows <= 27; ++rows) {
        std::vector<float> in(rows * k_dim), w(k_dim * n), bias(n);
        for (auto* v : {&in, &w, &bias})
          for (auto& x : *v) x = value(random);
        for (const auto& [name, kernel] : kernels) {
          std::vector<float> out(rows * n, NAN);
          kernel(in.data(), rows, k_dim, w.data(), bias.data(), n, out.data());
          for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t j = 0; j < n; ++j) {
              double want = bias[j];
              for (std::size_t k = 0; k < k_dim; ++k) want += double(in[r * k_dim + k]) * w[k * n + j];
              ASSERT_NEAR(out[r * n + j], want, 1e-4 * (1 + std::sqrt(double(k_dim))))
                  << name << ": row " << r << " of " << rows << ", column " << j << ", k " << k_dim;
            }
          }
        }
      }
    }
  }
}
