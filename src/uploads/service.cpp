#include "uploads/service.hpp"

#include "core/crypto.hpp"
#include "ratelimit/limiter.hpp"
#include "uploads/validate.hpp"

namespace agora::uploads {

Task<Uploaded> Service::upload(db::Pool& db, std::int64_t owner_id, std::optional<std::string_view> content_type,
                               const std::string& body) {
  // Counted before the checks, so a client sending garbage is slowed too.
  const ratelimit::Rule rule{kUploadsPerHour, 3600};
  const std::string key = "upload:user:" + std::to_string(owner_id);
  co_await ratelimit::hit(db, key, rule);

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

Task<std::optional<std::string>> Service::read(const MediaName& name) {
  const std::string file = name.file();
  co_return co_await storage_->open(file);
}

Task<bool> Service::stored(const MediaName& name) {
  const std::string file = name.file();
  co_return co_await storage_->exists(file);
}

}  // namespace agora::uploads
