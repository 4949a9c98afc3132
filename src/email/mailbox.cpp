#include "email/mailbox.hpp"

namespace agora::email {

Task<std::vector<Message>> list(db::Queryable& db, int limit, std::optional<std::int64_t> before_id,
                                std::optional<std::string> to) {
  auto r = co_await db.query(R"sql(
SELECT id, to_address, subject, body, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
FROM dev_mailbox
WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR lower(to_address) = lower($2))
ORDER BY id DESC LIMIT $3)sql",
                             db::Params(before_id, to, limit));
  std::vector<Message> out;
  out.reserve(std::size_t(r.rows()));
  for (int i = 0; i < r.rows(); ++i)
    out.push_back({r.int64(i, 0), r.string(i, 1), r.string(i, 2), r.string(i, 3), r.string(i, 4)});
  co_return out;
}

}  // namespace agora::email
