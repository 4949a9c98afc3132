#pragma once
// Embeds every post the process's model has no current vector for, in id
// order, a batch per transaction. Resumable by construction: a post whose
// stored digest matches its text costs one digest comparison and no model
// run, so an interrupted backfill started again skips what it did. This is
// also how a new model fills in beside the active one (docs/adr/0082).
#include <cstdint>
#include <functional>

#include "db/pool.hpp"
#include "embeddings/encoder.hpp"

namespace agora::embeddings {

struct BackfillProgress {
  std::int64_t total = 0;      // posts when the run started
  std::int64_t seen = 0;       // posts looked at so far
  std::int64_t embedded = 0;   // of them, embedded now
  std::int64_t unchanged = 0;  // of them, already current
  std::int64_t last_id = 0;
};

// A batch's documents are embedded on `threads` threads at once, then
// written in one transaction. Calls `report` after every batch.
Task<BackfillProgress> backfill_posts(db::Pool& pool, Encoder& encoder, int batch, int threads,
                                      const std::function<void(const BackfillProgress&)>& report);

}  // namespace agora::embeddings
