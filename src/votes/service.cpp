#include "votes/service.hpp"

#include "analytics/events.hpp"
#include "content/write_limits.hpp"

namespace agora::votes {
namespace {

void require_can_vote(const communities::CommunityAccess& c, const communities::Viewer& v, const std::string& state) {
  // Reading is enough to vote in public and restricted communities; private
  // ones only let members read in the first place.
  communities::require_can_write(c, v);
  if (state != "visible") throw Problem::conflict("Deleted or removed content takes no votes.");
}

}  // namespace

Task<repo::Tally> vote_post(db::Pool& db, const Config& config, const communities::Viewer& v, std::int64_t post_id,
                            int value) {
  auto p = co_await communities::readable_post(db, post_id, v);
  require_can_vote(p.community, v, p.state);
  auto permit = co_await content::spend_write_budget(db, config, v, content::WriteKind::vote);
  auto tx = co_await db.begin();
  auto tally = co_await repo::vote_post(tx, post_id, v.id, value);
  const analytics::Event event{.name = "vote", .user_id = v.id, .community_id = p.community.id};
  co_await analytics::record(tx, event, v.trace_id);
  co_await tx.commit();
  co_return tally;
}

Task<repo::Tally> vote_comment(db::Pool& db, const Config& config, const communities::Viewer& v,
                               std::int64_t comment_id, int value) {
  auto c = co_await communities::readable_comment(db, comment_id, v);
  require_can_vote(c.post.community, v, c.state);
  // A comment lives and dies with its post: none of a removed or deleted
  // post's comments take votes.
  if (c.post.state != "visible") throw Problem::conflict("Deleted or removed content takes no votes.");
  auto permit = co_await content::spend_write_budget(db, config, v, content::WriteKind::vote);
  auto tx = co_await db.begin();
  auto tally = co_await repo::vote_comment(tx, comment_id, v.id, value);
  const analytics::Event event{.name = "vote", .user_id = v.id, .community_id = c.post.community.id};
  co_await analytics::record(tx, event, v.trace_id);
  co_await tx.commit();
  co_return tally;
}

}  // namespace agora::votes
