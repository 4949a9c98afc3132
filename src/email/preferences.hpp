#pragma once
// How each kind of notification reaches a user by email (email_preferences).
// No row means the defaults: replies and mentions at once, activity daily.
#include <cstdint>
#include <optional>
#include <string>

#include "db/db.hpp"
#include "email/unsubscribe.hpp"

namespace agora::email {

struct Preferences {
  std::string replies = "immediate", mentions = "immediate", activity = "daily";
  bool operator==(const Preferences&) const = default;
};

// immediate | daily | weekly | off
bool valid_frequency(const std::string& value);

Task<Preferences> load_preferences(db::Queryable& db, std::int64_t user_id);
Task<Preferences> save_preferences(db::Queryable& db, std::int64_t user_id, const Preferences& p);
// Sets the column(s) of `category` to 'off' (all three for Category::all),
// keeping the others; nullopt when the user no longer exists.
Task<std::optional<Preferences>> turn_off(db::Queryable& db, std::int64_t user_id, Category category);

// {"replies":…,"mentions":…,"activity":…}
std::string preferences_json(const Preferences& p);

}  // namespace agora::email
