#pragma once
// Voting rules: readable, visible targets only, by active accounts that may
// take part in the community (banned users cannot vote there), within the
// hourly vote budget. Idempotent: the same vote twice changes nothing.
#include "communities/access.hpp"
#include "core/config.hpp"
#include "db/pool.hpp"
#include "votes/repo.hpp"

namespace agora::votes {

Task<repo::Tally> vote_post(db::Pool& db, const Config& config, const communities::Viewer& v, std::int64_t post_id,
                            int value);
Task<repo::Tally> vote_comment(db::Pool& db, const Config& config, const communities::Viewer& v,
                               std::int64_t comment_id, int value);

}  // namespace agora::votes
