#include "app/seed_world.hpp"

#include <algorithm>
#include <cmath>

#include "app/seed_random.hpp"
#include "app/seed_text.hpp"

namespace agora::app::seeding {
namespace {

constexpr std::int64_t kPostWindow = 90 * kDay;  // posts over the last 90 days

// Users join between 400 and 91 days ago, before any content exists.
void make_users(World& w, const SeedOptions& o, std::int64_t first_id, Rng& rng) {
  w.users.resize(std::size_t(o.users));
  for (std::int64_t i = 0; i < o.users; ++i) {
    auto& u = w.users[std::size_t(i)];
    u.id = first_id + i;
    u.created_us = w.now_us - rng.between(91 * kDay, 400 * kDay);
    u.verified = rng.chance(0.9);
  }
}

// Member count of the community at rank r (0 = largest): Zipf-like, at
// least two members (owner and one more) when there are enough users.
std::int64_t members_at_rank(std::int64_t users, std::int64_t rank) {
  const double share = 0.5 / std::pow(double(rank + 1), 0.85);
  return std::clamp<std::int64_t>(std::llround(double(users) * share), std::min<std::int64_t>(2, users), users);
}

void make_communities(World& w, const SeedOptions& o, Rng& rng) {
  const auto n_users = std::int64_t(w.users.size());
  w.communities.resize(std::size_t(o.communities));
  for (std::int64_t c = 0; c < o.communities; ++c) {
    auto& com = w.communities[std::size_t(c)];
    com.id = c + 1;
    com.is_private = rng.chance(0.05);
    com.tags = community_tags(rng);
    const auto chosen = distinct_sample(n_users, members_at_rank(n_users, c), n_users, rng);
    com.owner = std::int32_t(chosen.front());
    const auto& owner = w.users[std::size_t(com.owner)];
    com.created_us = owner.created_us + std::int64_t(rng.real() * double(w.now_us - kPostWindow - owner.created_us));
    com.member_count = std::int32_t(chosen.size());
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      const auto& u = w.users[std::size_t(chosen[k])];
      SeedMember m;
      m.community = std::int32_t(c);
      m.user = std::int32_t(chosen[k]);
      // The owner, then one moderator per 200 members (at least one when there are others).
      m.role = std::int8_t(k == 0 ? 2 : (k <= std::max<std::size_t>(1, chosen.size() / 200) ? 1 : 0));
      const auto from = std::max(u.created_us, com.created_us);
      m.joined_us = k == 0 ? com.created_us : from + std::int64_t(rng.real() * double(w.now_us - kPostWindow - from));
      w.members.push_back(m);
    }
  }
  // Primary-key order (community, user), so loading appends to the index.
  std::sort(w.members.begin(), w.members.end(), [](const SeedMember& a, const SeedMember& b) {
    return std::pair(a.community, a.user) < std::pair(b.community, b.user);
  });
}

void make_posts(World& w, const SeedOptions& o, const std::vector<double>& activity, Rng& rng) {
  if (w.communities.empty()) return;
  // Members per community, to draw authors from; weighted by their activity.
  std::vector<std::vector<std::int32_t>> members(w.communities.size());
  for (const auto& m : w.members) members[std::size_t(m.community)].push_back(m.user);
  std::vector<WeightedPicker> authors;
  std::vector<double> community_weight;
  for (const auto& list : members) {
    std::vector<double> weights;
    weights.reserve(list.size());
    for (auto u : list) weights.push_back(activity[std::size_t(u)]);
    authors.emplace_back(weights);
    community_weight.push_back(double(list.size()));
  }
  const WeightedPicker community_picker(community_weight);
  w.posts.resize(std::size_t(o.posts));
  for (std::int64_t i = 0; i < o.posts; ++i) {
    auto& p = w.posts[std::size_t(i)];
    p.id = i + 1;
    p.community = std::int32_t(community_picker.pick(rng));
    auto& com = w.communities[std::size_t(p.community)];
    const auto& list = members[std::size_t(p.community)];
    p.author = list[authors[std::size_t(p.community)].pick(rng)];
    p.created_us = w.now_us - rng.between(0, kPostWindow);
    const std::size_t n_tags = std::min<std::size_t>(com.tags.size(), std::size_t(rng.below(4)));
    for (std::size_t t = 0; t < n_tags; ++t) p.tag_mask |= std::uint8_t(1u << rng.below(com.tags.size()));
    com.post_count++;
  }
}

// Sorted moments in (0, 1], denser near 0: discussions are busiest right
// after the post goes up.
std::vector<double> reply_moments(std::size_t n, Rng& rng) {
  std::vector<double> t(n);
  double sum = 0;
  for (auto& x : t) x = sum += rng.exponential();
  sum += rng.exponential();
  for (auto& x : t) x = (x / sum) * (x / sum);
  return t;
}

void make_comments(World& w, const SeedOptions& o, const WeightedPicker& commenters, Rng& rng) {
  if (w.posts.empty() || o.comments == 0) return;
  std::vector<double> weights(w.posts.size());
  for (auto& x : weights) x = std::min(rng.pareto(1.5) - 1.0, 1000.0) + 0.05;
  const auto per_post = apportion(o.comments, weights, o.comments, rng);
  w.comments.reserve(std::size_t(o.comments));
  std::int64_t next_id = 1;
  for (std::size_t pi = 0; pi < w.posts.size(); ++pi) {
    auto& post = w.posts[pi];
    const auto n = std::size_t(per_post[pi]);
    const std::size_t first = w.comments.size();
    const auto moments = reply_moments(n, rng);
    const double span = double(w.now_us - post.created_us);
    for (std::size_t j = 0; j < n; ++j) {
      SeedComment c;
      c.id = next_id++;
      c.post = std::int32_t(pi);
      c.author = std::int32_t(commenters.pick(rng));
      c.created_us = post.created_us + std::max<std::int64_t>(1, std::int64_t(moments[j] * span));
      c.created_us = std::min(c.created_us, w.now_us);
      c.root_id = c.id;
      if (j > 0 && !rng.chance(0.3)) {
        const std::size_t pj = rng.chance(0.35) ? j - 1 : std::size_t(rng.below(j));
        auto& parent = w.comments[first + pj];
        if (parent.depth < kMaxCommentDepth) {
          c.parent_id = parent.id;
          c.root_id = parent.root_id;
          c.depth = parent.depth + 1;
          parent.reply_count++;
        }
      }
      w.comments.push_back(c);
    }
    post.comment_count = std::int32_t(n);
  }
}

// Distinct voters per item (never its author), each up with the item's own
// probability; the item's counters are incremented as the votes are made.
template <class Item>
void vote_on(std::vector<Item>& items, const std::vector<double>& weights, std::int64_t total, World& w,
             std::vector<SeedVote>& out, Rng& rng) {
  const auto n_users = std::int64_t(w.users.size());
  const auto per_item = apportion(total, weights, n_users - 1, rng);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (per_item[i] == 0) continue;
    auto& item = items[i];
    const double up = 0.6 + 0.35 * rng.real();
    // In primary-key order (item, user): the index only ever grows at its right edge.
    auto voters = distinct_sample(n_users, per_item[i], item.author, rng);
    std::sort(voters.begin(), voters.end());
    for (auto voter : voters) {
      SeedVote v;
      v.target_id = item.id;
      v.user = std::int32_t(voter);
      v.value = rng.chance(up) ? 1 : -1;
      const double f = rng.real();
      v.at_us = item.created_us + std::int64_t(f * f * double(w.now_us - item.created_us));
      (v.value > 0 ? item.upvotes : item.downvotes)++;
      out.push_back(v);
    }
  }
}

void make_votes(World& w, const SeedOptions& o, Rng& rng) {
  const std::int64_t total = o.resolved_votes();
  if (w.users.size() < 2 || total == 0 || w.posts.empty()) return;
  const std::int64_t on_posts = w.comments.empty() ? total : total / 2;
  std::vector<double> post_weights;
  for (const auto& p : w.posts) post_weights.push_back(double(1 + p.comment_count) * rng.pareto(2.0));
  w.post_votes.reserve(std::size_t(on_posts));
  vote_on(w.posts, post_weights, on_posts, w, w.post_votes, rng);
  if (w.comments.empty()) return;
  std::vector<double> comment_weights;
  for (const auto& c : w.comments) comment_weights.push_back(rng.pareto(1.7) / (1.0 + 0.5 * c.depth));
  w.comment_votes.reserve(std::size_t(total - on_posts));
  vote_on(w.comments, comment_weights, total - on_posts, w, w.comment_votes, rng);
}

}  // namespace

World build_world(const SeedOptions& o, std::int64_t first_user_id, std::int64_t now_us) {
  World w;
  w.now_us = now_us;
  Rng rng(o.random_seed);
  make_users(w, o, first_user_id, rng);
  // How much each user writes: heavy-tailed, so a few regulars dominate.
  std::vector<double> activity(w.users.size());
  for (auto& a : activity) a = rng.pareto(1.2);
  make_communities(w, o, rng);
  make_posts(w, o, activity, rng);
  const WeightedPicker commenters(activity);
  make_comments(w, o, commenters, rng);
  make_votes(w, o, rng);
  return w;
}

}  // namespace agora::app::seeding
