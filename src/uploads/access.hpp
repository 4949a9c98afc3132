#pragma once
// Who may read an uploaded file. Files are named by their digest and shared
// by every text that shows them, so the answer comes from the texts: a file
// is public when a visible post or comment in a public or restricted
// community shows it, or when it is someone's avatar; otherwise only its
// uploader and the readers of a visible text that shows it (members of a
// private community) may read it. Every write of a body records which files
// it shows (set_media_refs), in the writing transaction.
#include <cstdint>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace agora::uploads {

// Replaces the files recorded for a post's own body (comment_id 0) or for
// one comment of it.
Task<void> set_media_refs(db::Queryable& tx, std::int64_t post_id, std::int64_t comment_id,
                          const std::vector<std::string>& digests);

enum class MediaAccess { none, private_to_viewer, everyone };

// `file` is "<sha256>.<ext>" as served under /media/.
Task<MediaAccess> media_access(db::Queryable& db, const std::string& sha256, const std::string& file,
                               std::int64_t viewer_id, bool viewer_admin);

}  // namespace agora::uploads
