#include "embeddings/backfill.hpp"

#include "embeddings/jobs.hpp"

namespace agora::embeddings {

Task<BackfillProgress> backfill_posts(db::Pool& pool, Encoder& encoder, int batch,
                                      const std::function<void(const BackfillProgress&)>& report) {
  const auto model = co_await encoder.registered_model(pool);
  BackfillProgress progress;
  progress.total = (co_await pool.query("SELECT count(*) FROM posts")).int64(0, 0);
  for (;;) {
    auto ids = co_await pool.query("SELECT id FROM posts WHERE id > $1 ORDER BY id LIMIT $2",
                                   db::Params(progress.last_id, std::int64_t(batch)));
    if (ids.empty()) break;
    auto tx = co_await pool.begin();
    for (int i = 0; i < ids.rows(); ++i) {
      const auto id = ids.int64(i, 0);
      if (co_await embed_post(tx, encoder, model, id, /*check_cross_posting=*/false)) ++progress.embedded;
      else ++progress.unchanged;
      ++progress.seen;
      progress.last_id = id;
    }
    co_await tx.commit();
    report(progress);
  }
  co_return progress;
}

}  // namespace agora::embeddings
