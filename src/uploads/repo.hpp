#pragma once
// SQL for uploads: record an upload (once per owner and content) and check
// who owns a media URL.
#include <cstdint>
#include <string>

#include "db/db.hpp"

namespace agora::uploads {

struct NewUpload {
  std::int64_t owner_id = 0;
  std::string sha256, content_type, url;
  std::int64_t bytes = 0;
  std::int64_t width = 0, height = 0;
};

struct SavedUpload {
  std::int64_t id = 0;
  bool created = false;  // false: this owner had uploaded these bytes before
  std::string json;      // {id, url, content_type, bytes, width, height}
};

namespace repo {
// Inserts the row, or returns the owner's existing row for the same sha256.
Task<SavedUpload> save(db::Queryable& db, const NewUpload& u);
}  // namespace repo

// True when `url` is exactly "/media/<sha256>.<ext>" and `user_id` uploaded
// those bytes (as that type). Anything else, including URLs elsewhere, is false.
Task<bool> owned_by(db::Queryable& db, const std::string& url, std::int64_t user_id);

}  // namespace agora::uploads
