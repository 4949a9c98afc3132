#pragma once
// `agora relay` (AGORA_QUEUE=sqs): moves committed outbox rows to SQS.
// One relay sends at a time (a transaction-scoped advisory lock; other
// replicas are hot standbys), reading ready rows in id order, sending them
// with SendMessageBatch and marking them relayed in the same transaction:
// exactly the committed rows, in order, and only a crash between the send
// and the commit sends a row twice (the worker's receipts make that
// harmless). Woken by NOTIFY agora_jobs, polling as a fallback.
#include <chrono>

#include "db/pool.hpp"
#include "jobs/sqs_transport.hpp"

namespace agora::jobs {

// One turn: how many rows were relayed (0 when another relay holds the lock
// or nothing is ready). At most `limit` rows.
Task<int> relay_once(db::Pool& pool, const Sqs& sqs, int limit = 100);

// Relays until the loop stops; listens on `conninfo` for wake-ups.
Task<void> relay_loop(db::Pool& pool, const Sqs& sqs, std::string conninfo, std::chrono::milliseconds connect_timeout);

}  // namespace agora::jobs
