#include "app/seed_tables.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <tuple>

#include "app/seed_text.hpp"
#include "content/markdown.hpp"

namespace agora::app::seeding {
namespace {

constexpr std::size_t kChunkBytes = 1 << 20;

// Counts a table's finished ranges; the last one prints the table's note.
struct TableTally {
  std::string name;
  std::int64_t rows = 0;
  std::atomic<int> ranges_left{0};
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// One COPY of one range: rows go into a buffer that is sent whenever it
// passes kChunkBytes, so memory stays flat and the server works while we
// generate. Between chunks it stops if another task has failed.
class TableCopy {
 public:
  TableCopy(PgSession& db, LoadContext& c, const std::string& copy_sql) : db_(db), c_(c) { db_.copy_start(copy_sql); }
  CopyBuffer& row() { return buf_; }
  void row_done() {
    buf_.end_row();
    ++rows_;
    if (buf_.size() >= kChunkBytes) flush();
  }
  void finish() {
    flush();
    db_.copy_finish();
  }

 private:
  void flush() {
    if (c_.stop) throw SeedStopped();
    db_.copy_send(buf_.data());
    buf_.clear();
    c_.progress.advance(rows_ - reported_);
    reported_ = rows_;
  }
  PgSession& db_;
  LoadContext& c_;
  CopyBuffer buf_;
  std::int64_t rows_ = 0, reported_ = 0;
};

using Writer = void (*)(PgSession&, LoadContext&, std::size_t begin, std::size_t end);

std::string tags_literal(const SeedCommunity& c, std::uint8_t mask) {
  std::string out = "{";
  for (std::size_t i = 0; i < c.tags.size() && i < 8; ++i) {
    if (!(mask & (1u << i))) continue;
    if (out.size() > 1) out += ',';
    out += c.tags[i];  // [a-z0-9-] only: no quoting needed
  }
  return out + "}";
}

const char* role_name(std::int8_t role) { return role == 2 ? "owner" : role == 1 ? "moderator" : "member"; }

void write_users(PgSession& db, LoadContext& c, std::size_t begin, std::size_t end) {
  const auto& w = c.world;
  TableCopy copy(db, c,
                 "COPY users (id, email, username, password_hash, role, email_verified_at, created_at, updated_at, "
                 "display_name, bio) FROM STDIN");
  for (std::size_t i = begin; i < end; ++i) {
    const auto& u = w.users[i];
    const auto name = username_of(w, c.random_seed, i);
    auto rng = Rng::for_item(c.random_seed, kUserItem + 100, std::uint64_t(i));
    auto& row = copy.row();
    row.field(u.id).field(email_of(name)).field(name).field(c.password_hash).field("member");
    if (u.verified) row.timestamp(u.created_us + 600'000'000);  // verified ten minutes after signing up
    else row.null();
    row.timestamp(u.created_us).timestamp(u.created_us).field(display_name(rng));
    row.field(rng.chance(0.3) ? sentence(rng, 4, 14) : std::string());
    copy.row_done();
  }
  copy.finish();
}

void write_communities(PgSession& db, LoadContext& c, std::size_t begin, std::size_t end) {
  const auto& w = c.world;
  TableCopy copy(db, c,
                 "COPY communities (id, slug, name, description, rules, visibility, created_by, member_count, "
                 "post_count, created_at, updated_at) FROM STDIN");
  for (std::size_t i = begin; i < end; ++i) {
    const auto& com = w.communities[i];
    auto rng = Rng::for_item(c.random_seed, kCommunityItem, std::uint64_t(com.id));
    const auto description = paragraphs(rng, 1, 1, 3);
    const auto rules = "1. " + sentence(rng, 4, 10) + "\n2. " + sentence(rng, 4, 10) + "\n3. " + sentence(rng, 4, 10);
    copy.row()
        .field(com.id)
        .field(community_slug(std::int64_t(i)))
        .field(community_name(std::int64_t(i)))
        .field(description)
        .field(rules)
        .field(com.is_private ? "private" : "public")
        .field(w.users[std::size_t(com.owner)].id)
        .field(com.member_count)
        .field(com.post_count)
        .timestamp(com.created_us)
        .timestamp(com.created_us);
    copy.row_done();
  }
  copy.finish();
}

void write_members(PgSession& db, LoadContext& c, std::size_t begin, std::size_t end) {
  const auto& w = c.world;
  TableCopy copy(db, c, "COPY community_members (community_id, user_id, role, joined_at) FROM STDIN");
  for (std::size_t i = begin; i < end; ++i) {
    const auto& m = w.members[i];
    copy.row()
        .field(w.communities[std::size_t(m.community)].id)
        .field(w.users[std::size_t(m.user)].id)
        .field(role_name(m.role))
        .timestamp(m.joined_us);
    copy.row_done();
  }
  copy.finish();
}

// What joining a community and writing a post do in the app: members follow
// the community (replies), authors watch their posts (all). Written in
// primary-key order (user, kind, target) so the index grows at its edge.
void write_subscriptions(PgSession& db, LoadContext& c, std::size_t, std::size_t) {
  const auto& w = c.world;
  struct Sub {
    std::int64_t user, kind, target, at;  // kind 0: community, 1: post ('community' < 'post')
  };
  std::vector<Sub> subs;
  subs.reserve(w.members.size() + w.posts.size());
  for (const auto& m : w.members)
    subs.push_back({w.users[std::size_t(m.user)].id, 0, w.communities[std::size_t(m.community)].id, m.joined_us});
  for (const auto& p : w.posts) subs.push_back({w.users[std::size_t(p.author)].id, 1, p.id, p.created_us});
  std::sort(subs.begin(), subs.end(), [](const Sub& a, const Sub& b) {
    return std::tie(a.user, a.kind, a.target) < std::tie(b.user, b.kind, b.target);
  });
  TableCopy copy(db, c, "COPY subscriptions (user_id, kind, target_id, level, created_at) FROM STDIN");
  for (const auto& s : subs) {
    copy.row()
        .field(s.user)
        .field(s.kind == 0 ? "community" : "post")
        .field(s.target)
        .field(s.kind == 0 ? "replies" : "all")
        .timestamp(s.at);
    copy.row_done();
  }
  copy.finish();
}

void write_posts(PgSession& db, LoadContext& c, std::size_t begin, std::size_t end) {
  const auto& w = c.world;
  TableCopy copy(db, c,
                 "COPY posts (id, community_id, author_id, title, body_md, body_html, tags, upvotes, downvotes, "
                 "score, hot, comment_count, view_count, created_at) FROM STDIN");
  for (std::size_t i = begin; i < end; ++i) {
    const auto& p = w.posts[i];
    auto rng = Rng::for_item(c.random_seed, kPostItem, std::uint64_t(p.id));
    const auto& com = w.communities[std::size_t(p.community)];
    const auto heading = title(rng);
    const auto body = post_body(rng);
    const std::int64_t views =
        std::int64_t(p.comment_count + p.upvotes + p.downvotes) * rng.between(3, 20) + rng.between(0, 50);
    copy.row()
        .field(p.id)
        .field(com.id)
        .field(w.users[std::size_t(p.author)].id)
        .field(heading)
        .field(body)
        .field(content::render_markdown(body))
        .field(tags_literal(com, p.tag_mask))
        .field(p.upvotes)
        .field(p.downvotes)
        .field(p.upvotes - p.downvotes)
        .field(c.hot[i])
        .field(p.comment_count)
        .field(views)
        .timestamp(p.created_us);
    copy.row_done();
  }
  copy.finish();
}

void write_comments(PgSession& db, LoadContext& c, std::size_t begin, std::size_t end) {
  const auto& w = c.world;
  TableCopy copy(db, c,
                 "COPY comments (id, post_id, parent_id, root_id, depth, author_id, body_md, body_html, upvotes, "
                 "downvotes, score, reply_count, created_at) FROM STDIN");
  for (std::size_t i = begin; i < end; ++i) {
    const auto& k = w.comments[i];
    auto rng = Rng::for_item(c.random_seed, kCommentItem, std::uint64_t(k.id));
    const auto body = comment_body(rng);
    auto& row = copy.row();
    row.field(k.id).field(w.posts[std::size_t(k.post)].id);
    if (k.parent_id) row.field(k.parent_id);
    else row.null();
    row.field(k.root_id)
        .field(k.depth)
        .field(w.users[std::size_t(k.author)].id)
        .field(body)
        .field(paragraphs_html(body))
        .field(k.upvotes)
        .field(k.downvotes)
        .field(k.upvotes - k.downvotes)
        .field(k.reply_count)
        .timestamp(k.created_us);
    copy.row_done();
  }
  copy.finish();
}

void write_votes(PgSession& db, LoadContext& c, const std::vector<SeedVote>& votes, const char* sql, std::size_t begin,
                 std::size_t end) {
  TableCopy copy(db, c, sql);
  for (std::size_t i = begin; i < end; ++i) {
    const auto& v = votes[i];
    copy.row()
        .field(v.target_id)
        .field(c.world.users[std::size_t(v.user)].id)
        .field(v.value)
        .field(std::int64_t(0))
        .timestamp(v.at_us);
    copy.row_done();
  }
  copy.finish();
}

void write_post_votes(PgSession& db, LoadContext& c, std::size_t begin, std::size_t end) {
  write_votes(db, c, c.world.post_votes, "COPY post_votes (post_id, user_id, value, prev_value, voted_at) FROM STDIN",
              begin, end);
}

void write_comment_votes(PgSession& db, LoadContext& c, std::size_t begin, std::size_t end) {
  write_votes(db, c, c.world.comment_votes,
              "COPY comment_votes (comment_id, user_id, value, prev_value, voted_at) FROM STDIN", begin, end);
}

// Splits [0, rows) into ranges of at most `per_task` rows, one task each.
// `cost_per_row` weighs tables against each other for scheduling (full-text
// columns and unique indexes make a row dearer).
void add_table(std::vector<SeedTask>& tasks, LoadContext& c, const std::string& table, std::size_t rows,
               std::size_t per_task, double cost_per_row, Writer write) {
  if (rows == 0) return;
  auto tally = std::make_shared<TableTally>();
  tally->name = table;
  tally->rows = std::int64_t(rows);
  tally->ranges_left = int((rows + per_task - 1) / per_task);
  for (std::size_t begin = 0; begin < rows; begin += per_task) {
    const std::size_t end = std::min(rows, begin + per_task);
    tasks.push_back({table, double(end - begin) * cost_per_row, [&c, tally, write, begin, end](PgSession& db) {
                       write(db, c, begin, end);
                       if (--tally->ranges_left == 0) {
                         const double s =
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - tally->started).count();
                         char line[160];
                         // (void): a note longer than the buffer is cut short, which is fine for progress.
                         (void)std::snprintf(line, sizeof line, "%-16s %12s rows  %6.1f s", tally->name.c_str(),
                                             grouped(tally->rows).c_str(), s);
                         c.progress.note(line);
                       }
                     }});
  }
}

}  // namespace

std::string username_of(const World& w, std::uint64_t random_seed, std::size_t index) {
  auto rng = Rng::for_item(random_seed, kUserItem, std::uint64_t(index));
  return username(rng, w.users[index].id);
}

std::string email_of(const std::string& username) {
  std::string email;
  for (char ch : username) email += (ch >= 'A' && ch <= 'Z') ? char(ch - 'A' + 'a') : ch;
  return email + "@example.com";
}

std::vector<std::string> hot_values(PgSession& db, const World& w) {
  db.exec("CREATE TEMP TABLE seed_hot (id bigint, score integer, created_at timestamptz)");
  db.copy_start("COPY seed_hot (id, score, created_at) FROM STDIN");
  CopyBuffer buf;
  for (const auto& p : w.posts) {
    buf.field(p.id).field(p.upvotes - p.downvotes).timestamp(p.created_us).end_row();
    if (buf.size() >= kChunkBytes) {
      db.copy_send(buf.data());
      buf.clear();
    }
  }
  db.copy_send(buf.data());
  db.copy_finish();
  std::vector<std::string> hot;
  hot.reserve(w.posts.size());
  for (auto& row : db.query("SELECT agora_hot(score, created_at)::text FROM seed_hot ORDER BY id"))
    hot.push_back(std::move(*row[0]));
  db.exec("DROP TABLE seed_hot");
  if (hot.size() != w.posts.size()) throw std::runtime_error("hot rank: row count mismatch");
  return hot;
}

std::vector<SeedTask> load_tasks(LoadContext& c) {
  const auto& w = c.world;
  std::vector<SeedTask> tasks;
  add_table(tasks, c, "users", w.users.size(), 100'000, 2, write_users);
  add_table(tasks, c, "communities", w.communities.size(), 100'000, 2, write_communities);
  add_table(tasks, c, "members", w.members.size(), 200'000, 0.3, write_members);
  // One range: the rows are sorted across members and posts first.
  add_table(tasks, c, "subscriptions", w.members.size() + w.posts.size(), w.members.size() + w.posts.size(), 0.3,
            write_subscriptions);
  add_table(tasks, c, "posts", w.posts.size(), 10'000, 8, write_posts);
  add_table(tasks, c, "comments", w.comments.size(), 50'000, 3, write_comments);
  add_table(tasks, c, "post votes", w.post_votes.size(), 200'000, 0.3, write_post_votes);
  add_table(tasks, c, "comment votes", w.comment_votes.size(), 200'000, 0.3, write_comment_votes);
  return tasks;
}

std::vector<std::pair<std::string, std::int64_t>> table_rows(const World& w) {
  return {{"users", std::int64_t(w.users.size())},
          {"communities", std::int64_t(w.communities.size())},
          {"community_members", std::int64_t(w.members.size())},
          {"subscriptions", std::int64_t(w.members.size() + w.posts.size())},
          {"posts", std::int64_t(w.posts.size())},
          {"comments", std::int64_t(w.comments.size())},
          {"post_votes", std::int64_t(w.post_votes.size())},
          {"comment_votes", std::int64_t(w.comment_votes.size())}};
}

}  // namespace agora::app::seeding
