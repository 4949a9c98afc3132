#include "uploads/service.hpp"

#include "core/crypto.hpp"
#include "core/errors.hpp"
#include "db/sql.hpp"
#include "ratelimit/limiter.hpp"
#include "uploads/image_type.hpp"
#include "uploads/validate.hpp"

namespace agora::uploads {

Task<Uploaded> Service::upload(db::Pool& db, std::int64_t owner_id, std::optional<std::string_view> content_type,
                               const std::string& body) {
  // Counted before the checks, so a client sending garbage is slowed too.
  const ratelimit::Rule rule{kUploadsPerHour, 3600};
  const std::string key = "upload:user:" + std::to_string(owner_id);
  co_await ratelimit::hit(db, key, rule);
  co_return co_await store_checked(db, owner_id, content_type, body);
}

Task<Uploaded> Service::store_checked(db::Pool& db, std::int64_t owner_id, std::optional<std::string_view> content_type,
                                      const std::string& body) {
  const Limits limits{config_.upload_max_bytes, config_.upload_max_pixels};
  const ImageInfo info = check_upload(content_type, body, limits);
  const MediaName name{crypto::sha256_hex(body), info.type};
  const std::string file = name.file();

  const bool present = co_await storage_->exists(file);
  if (!present) co_await storage_->put(file, body);

  NewUpload row;
  row.owner_id = owner_id;
  row.sha256 = name.sha256;
  row.content_type = std::string(media_type(info.type));
  row.url = name.url();
  row.bytes = std::int64_t(body.size());
  row.width = info.width;
  row.height = info.height;
  auto saved = co_await repo::save(db, row);
  co_return Uploaded{std::move(saved), row.url};
}

Task<DirectUpload> Service::start_direct(db::Pool& db, std::int64_t owner_id, const std::string& content_type,
                                         std::int64_t bytes) {
  if (!storage_->takes_direct_uploads())
    throw Problem(409, "direct-uploads-unavailable", "Direct uploads unavailable",
                  "This server stores uploads itself: POST the image to /api/v1/uploads.");
  // One budget with ordinary uploads: a permission costs what an upload costs.
  const ratelimit::Rule rule{kUploadsPerHour, 3600};
  co_await ratelimit::hit(db, "upload:user:" + std::to_string(owner_id), rule);
  std::vector<FieldError> errors;
  if (!from_media_type(content_type))
    errors.push_back({"content_type", "must be image/png, image/jpeg, image/gif or image/webp"});
  if (bytes <= 0 || std::uint64_t(bytes) > config_.upload_max_bytes)
    errors.push_back({"bytes", "must be between 1 and " + std::to_string(config_.upload_max_bytes)});
  if (!errors.empty()) throw Problem::validation(errors);

  DirectUpload d{crypto::random_token(), "", content_type, bytes, ""};
  d.upload_url = co_await storage_->presign_staging_put(
      d.id, content_type, std::uint64_t(bytes), std::chrono::duration_cast<std::chrono::seconds>(kDirectUploadTtl));
  auto r = co_await db.query(
      "INSERT INTO direct_uploads (id, owner_id, content_type, bytes, expires_at) "
      "VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5::int)) RETURNING " AGORA_TS("expires_at"),
      db::Params(d.id, owner_id, content_type, bytes, std::int64_t(kDirectUploadTtl.count())));
  d.expires_at = r.string(0, 0);
  co_return d;
}

Task<Uploaded> Service::finish_direct(db::Pool& db, std::int64_t owner_id, const std::string& id) {
  auto r = co_await db.query(
      "SELECT content_type, bytes FROM direct_uploads WHERE id = $1 AND owner_id = $2 AND expires_at > now()",
      db::Params(id, owner_id));
  // Someone else's, expired, already completed or made up: all look the same.
  if (r.empty()) throw Problem::not_found("No such direct upload (it may have expired).");
  const std::string content_type = r.string(0, 0);
  auto body = co_await storage_->open_staged(id);
  if (!body)
    throw Problem(409, "not-uploaded", "Nothing uploaded yet",
                  "PUT the image to the upload URL first, then complete the upload.");
  auto up = co_await store_checked(db, owner_id, content_type, *body);
  co_await db.query("DELETE FROM direct_uploads WHERE id = $1", db::Params(id));
  co_await storage_->remove_staged(id);
  co_return up;
}

Task<std::optional<std::string>> Service::read(const MediaName& name) {
  const std::string file = name.file();
  co_return co_await storage_->open(file);
}

Task<bool> Service::stored(const MediaName& name) {
  const std::string file = name.file();
  co_return co_await storage_->exists(file);
}

}  // namespace agora::uploads
