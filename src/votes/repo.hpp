#pragma once
// Votes in one statement each: the upsert records what it replaced
// (prev_value), and the same statement moves the target's counters by the
// difference, so concurrent votes, repeats and flips always leave
// upvotes/downvotes equal to the vote rows. The author's own vote is stored
// but not counted: nobody bumps their own post.
#include <cstdint>
#include <string>

#include "db/db.hpp"

namespace agora::votes::repo {

struct Tally {
  int score = 0, upvotes = 0, downvotes = 0, my_vote = 0;
};

Task<Tally> vote_post(db::Queryable& db, std::int64_t post_id, std::int64_t user_id, int value);
Task<Tally> vote_comment(db::Queryable& db, std::int64_t comment_id, std::int64_t user_id, int value);

}  // namespace agora::votes::repo
