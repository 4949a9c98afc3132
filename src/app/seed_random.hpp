#pragma once
// Deterministic, fast randomness for `agora seed`: the same options and
// --random-seed give the same dataset, so benchmark runs are comparable.
// std::mt19937 with std::*_distribution would also work, but the
// distributions are implementation-defined (not reproducible across
// standard libraries) and slower than what millions of rows need.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace agora::app::seeding {

__extension__ using U128 = unsigned __int128;  // GCC/Clang; for the multiply-shift below

// xoshiro256** seeded through splitmix64 (public-domain algorithms by
// Blackman and Vigna), written from their published description.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& s : s_) s = splitmix(seed);
  }
  // A generator for one item (post, comment…) that does not depend on how
  // many numbers other items drew: text can be regenerated on demand.
  static Rng for_item(std::uint64_t seed, std::uint64_t kind, std::uint64_t id) {
    return Rng(seed * 0x9E3779B97F4A7C15ull ^ (kind << 56) ^ id);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1).
  double real() { return double(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n), n > 0 (multiply-shift: bias below 2^-32 for our n).
  std::uint64_t below(std::uint64_t n) { return std::uint64_t(U128(next()) * n >> 64); }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + std::int64_t(below(std::uint64_t(hi - lo + 1)));
  }
  bool chance(double p) { return real() < p; }
  // Pareto with minimum 1 and tail index alpha: heavy-tailed sizes.
  double pareto(double alpha) { return std::pow(1.0 - real(), -1.0 / alpha); }
  // Exponential with mean 1.
  double exponential() { return -std::log(1.0 - real()); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t s_[4];
};

// Draws indexes 0..n-1 with probability proportional to their weights
// (cumulative sums and binary search: O(log n) per draw).
class WeightedPicker {
 public:
  explicit WeightedPicker(const std::vector<double>& weights) : cumulative_(weights.size()) {
    double sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) cumulative_[i] = sum += weights[i];
  }
  std::size_t pick(Rng& rng) const {
    const double x = rng.real() * cumulative_.back();
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
    return std::min<std::size_t>(std::size_t(it - cumulative_.begin()), cumulative_.size() - 1);
  }
  bool empty() const { return cumulative_.empty() || cumulative_.back() <= 0; }

 private:
  std::vector<double> cumulative_;
};

// Splits `total` into parts proportional to `weights`, each at most `cap`:
// floor of the exact share, then the remainder one by one to weighted
// random parts that still have room. Returns the parts (their sum is
// `total` unless the caps make that impossible).
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights, std::int64_t cap, Rng& rng);

// `k` distinct values from [0, n) without `excluded` (pass n for none), in
// no particular order: Floyd's algorithm, O(k) expected.
std::vector<std::int64_t> distinct_sample(std::int64_t n, std::int64_t k, std::int64_t excluded, Rng& rng);

}  // namespace agora::app::seeding
