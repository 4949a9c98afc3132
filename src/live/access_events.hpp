#pragma once
// Events that end live streams when someone's access may have changed. The
// writer calls these inside the transaction that changes access (a session
// signed out or revoked, a password changed, a member removed or banned, an
// account suspended, a community's visibility changed), so the event exists
// exactly when the change committed, and reaches every replica's streams
// through the same LISTEN/NOTIFY channel as the events it guards, in commit
// order: no event committed after the change is delivered before it.
//
// A stream that receives one ends; its client reconnects (EventSource does
// by itself) and is checked like any new request, so a user who still has
// access loses nothing (Last-Event-ID) and one who lost it gets 401/404.
#include <cstdint>

#include "db/db.hpp"

namespace agora::live {

// Every live stream of this user (comment streams and the unread count).
Task<void> access_changed_for_user(db::Queryable& tx, std::int64_t user_id);
// Every comment stream on a post of this community.
Task<void> access_changed_for_community(db::Queryable& tx, std::int64_t community_id);

}  // namespace agora::live
