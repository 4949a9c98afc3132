#include "app/seed_random.hpp"

#include <algorithm>
#include <unordered_set>

namespace agora::app::seeding {

std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights, std::int64_t cap,
                                    Rng& rng) {
  std::vector<std::int64_t> parts(weights.size(), 0);
  if (weights.empty() || total <= 0 || cap <= 0) return parts;
  // Water-filling, heaviest first: an item whose share of what is left
  // reaches the cap gets the cap, and the rest is shared among the others
  // in proportion. Once one item stays under the cap, all lighter ones do.
  std::vector<std::size_t> order(weights.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weights[a] > weights[b]; });
  double weight_left = 0;
  for (double w : weights) weight_left += std::max(0.0, w);
  double share_left = double(total);
  std::size_t k = 0;
  for (; k < order.size() && weight_left > 0; ++k) {
    const double w = std::max(0.0, weights[order[k]]);
    if (share_left * w / weight_left < double(cap)) break;
    parts[order[k]] = cap;
    share_left -= double(cap);
    weight_left -= w;
  }
  std::int64_t left = total;
  for (auto p : parts) left -= p;
  if (left <= 0) return parts;
  for (std::size_t j = k; j < order.size() && weight_left > 0; ++j) {
    const auto i = order[j];
    parts[i] = std::min<std::int64_t>(cap, std::int64_t(share_left * std::max(0.0, weights[i]) / weight_left));
  }
  left = total;
  for (auto p : parts) left -= p;
  // The rounding remainder (fewer than one per item) goes where the weights
  // point; bounded attempts, then a plain pass, so it always ends.
  const WeightedPicker picker(weights);
  for (std::int64_t attempts = 4 * left + 1000; left > 0 && attempts > 0; --attempts) {
    const auto i = picker.pick(rng);
    if (parts[i] < cap) {
      ++parts[i];
      --left;
    }
  }
  for (std::size_t j = 0; j < order.size() && left > 0; ++j) {
    const auto i = order[j];
    const auto room = std::min(cap - parts[i], left);
    parts[i] += room;
    left -= room;
  }
  return parts;
}

std::vector<std::int64_t> distinct_sample(std::int64_t n, std::int64_t k, std::int64_t excluded, Rng& rng) {
  const bool exclude = excluded >= 0 && excluded < n;
  const std::int64_t pool = exclude ? n - 1 : n;
  k = std::clamp<std::int64_t>(k, 0, pool);
  std::vector<std::int64_t> out;
  out.reserve(std::size_t(k));
  // Floyd: for j in [pool-k, pool), take a random t <= j, or j itself when t
  // was taken already. Each k-subset is equally likely. Small samples (most
  // items get a handful of votes) search the vector; large ones use a set.
  std::unordered_set<std::int64_t> taken;
  const bool use_set = k > 48;
  if (use_set) taken.reserve(std::size_t(k) * 2);
  for (std::int64_t j = pool - k; j < pool; ++j) {
    const auto t = std::int64_t(rng.below(std::uint64_t(j + 1)));
    const bool seen = use_set ? taken.count(t) > 0 : std::find(out.begin(), out.end(), t) != out.end();
    const auto v = seen ? j : t;
    if (use_set) taken.insert(v);
    out.push_back(v);
  }
  if (exclude)
    for (auto& v : out)
      if (v >= excluded) ++v;
  return out;
}

}  // namespace agora::app::seeding
