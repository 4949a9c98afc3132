#include "app/seed_options.hpp"

#include <charconv>

namespace agora::app {

const char* const kSeedUsage = R"(usage: agora seed [--users N] [--communities N] [--posts N] [--comments N]
                  [--votes N] [--password TEXT] [--random-seed N] [--jobs N]

  Fills an empty database (AGORA_DATABASE_URL) with a realistic dataset for
  demos and benchmarks with COPY: users who can sign in, communities
  of Zipf-like sizes with members and subscriptions, posts over the last 90
  days, comment trees with a heavy tail (some posts get hundreds of comments),
  and votes, with every counter matching the rows.

  --users N          users (default 1000; at least 1)
  --communities N    communities (default 20; needs at least 1 user)
  --posts N          posts (default 10000; needs a community)
  --comments N       comments (default 100000; needs a post)
  --votes N          post and comment votes together (default posts + comments)
  --password TEXT    every seeded user's password (default "seeded-Agora-pass-2024")
  --random-seed N    seed of the generator (default 1): same seed, same data
  --jobs N           database connections loading at once (default: one per
                     CPU core, at least 2)

  Users that already exist (e.g. the first admin) are kept; the seed refuses
  to run when communities, posts, comments or votes exist. Nobody else should
  write to the database meanwhile: indexes and foreign keys of the content
  tables are rebuilt at the end. A failed seed removes what it wrote.
  Usernames are <word>_<word>_<n>, emails <username>@example.com.
)";

namespace {

constexpr std::int64_t kMaxCount = 100'000'000;

std::int64_t count_value(const std::string& flag, const std::string& text) {
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || v < 0 || v > kMaxCount)
    throw SeedUsageError(flag + " needs a whole number from 0 to " + std::to_string(kMaxCount) + ", not '" + text +
                         "'");
  return v;
}

}  // namespace

SeedOptions parse_seed_options(const std::vector<std::string>& args) {
  SeedOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i], value;
    bool inline_value = false;
    // --flag=value as well as --flag value.
    if (const auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      inline_value = true;
    }
    if (flag == "--help" || flag == "-h") {
      o.help = true;
      continue;
    }
    auto next = [&]() -> std::string {
      if (inline_value) return value;
      if (i + 1 >= args.size()) throw SeedUsageError(flag + " needs a value");
      return args[++i];
    };
    if (flag == "--users") o.users = count_value(flag, next());
    else if (flag == "--communities") o.communities = count_value(flag, next());
    else if (flag == "--posts") o.posts = count_value(flag, next());
    else if (flag == "--comments") o.comments = count_value(flag, next());
    else if (flag == "--votes") o.votes = count_value(flag, next());
    else if (flag == "--random-seed") o.random_seed = std::uint64_t(count_value(flag, next()));
    else if (flag == "--password") o.password = next();
    else if (flag == "--jobs") {
      const auto jobs = count_value(flag, next());
      if (jobs < 1 || jobs > 32) throw SeedUsageError("--jobs must be from 1 to 32");
      o.jobs = int(jobs);
    } else throw SeedUsageError("unknown option '" + args[i] + "'");
  }
  if (o.help) return o;
  if (o.users < 1) throw SeedUsageError("--users must be at least 1");
  if (o.posts > 0 && o.communities < 1) throw SeedUsageError("--posts needs at least one community");
  if (o.comments > 0 && o.posts < 1) throw SeedUsageError("--comments needs at least one post");
  return o;
}

}  // namespace agora::app
