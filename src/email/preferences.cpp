#include "email/preferences.hpp"

#include <boost/json.hpp>

namespace agora::email {
namespace {

Preferences from_row(const db::Result& r) { return {r.string(0, 0), r.string(0, 1), r.string(0, 2)}; }

}  // namespace

bool valid_frequency(const std::string& value) {
  return value == "immediate" || value == "daily" || value == "weekly" || value == "off";
}

Task<Preferences> load_preferences(db::Queryable& db, std::int64_t user_id) {
  auto r = co_await db.query("SELECT replies, mentions, activity FROM email_preferences WHERE user_id = $1",
                             db::Params(user_id));
  co_return r.empty() ? Preferences{} : from_row(r);
}

Task<Preferences> save_preferences(db::Queryable& db, std::int64_t user_id, const Preferences& p) {
  auto r = co_await db.query(R"sql(
INSERT INTO email_preferences (user_id, replies, mentions, activity) VALUES ($1, $2, $3, $4)
ON CONFLICT (user_id) DO UPDATE
SET replies = EXCLUDED.replies, mentions = EXCLUDED.mentions, activity = EXCLUDED.activity, updated_at = now()
RETURNING replies, mentions, activity)sql",
                             db::Params(user_id, p.replies, p.mentions, p.activity));
  co_return from_row(r);
}

Task<std::optional<Preferences>> turn_off(db::Queryable& db, std::int64_t user_id, Category category) {
  // One statement: a user's first unsubscribe creates the row with the
  // defaults for the other columns; a repeat changes nothing (idempotent).
  auto r = co_await db.query(R"sql(
INSERT INTO email_preferences (user_id, replies, mentions, activity)
SELECT id,
       CASE WHEN $2 IN ('replies', 'all') THEN 'off' ELSE 'immediate' END,
       CASE WHEN $2 IN ('mentions', 'all') THEN 'off' ELSE 'immediate' END,
       CASE WHEN $2 IN ('activity', 'all') THEN 'off' ELSE 'daily' END
FROM users WHERE id = $1
ON CONFLICT (user_id) DO UPDATE
SET replies = CASE WHEN $2 IN ('replies', 'all') THEN 'off' ELSE email_preferences.replies END,
    mentions = CASE WHEN $2 IN ('mentions', 'all') THEN 'off' ELSE email_preferences.mentions END,
    activity = CASE WHEN $2 IN ('activity', 'all') THEN 'off' ELSE email_preferences.activity END,
    updated_at = now()
RETURNING replies, mentions, activity)sql",
                             db::Params(user_id, std::string(category_name(category))));
  if (r.empty()) co_return std::nullopt;
  co_return from_row(r);
}

std::string preferences_json(const Preferences& p) {
  return boost::json::serialize(
      boost::json::object{{"replies", p.replies}, {"mentions", p.mentions}, {"activity", p.activity}});
}

}  // namespace agora::email
