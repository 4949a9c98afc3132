#include "email/ses_events.hpp"

#include <boost/json.hpp>

#include "core/errors.hpp"
#include "email/message.hpp"
#include "email/suppressions.hpp"

namespace agora::email {
namespace json = boost::json;
namespace {

std::string string_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

const json::object& object_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_object())
    throw Problem::bad_request("The SES notification has no '" + std::string(key) + "' object.");
  return v->as_object();
}

// Addresses of recipients[].emailAddress; a malformed one is skipped, since
// suppressing it would block nothing we send.
std::vector<std::string> addresses(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_array()) throw Problem::bad_request("The SES notification has no '" + std::string(key) + "' list.");
  std::vector<std::string> out;
  for (const auto& r : v->as_array()) {
    if (!r.is_object()) continue;
    try {
      auto addr = parse_address(string_at(r.as_object(), "emailAddress")).addr;
      for (auto& c : addr) c = char(std::tolower(static_cast<unsigned char>(c)));
      out.push_back(std::move(addr));
    } catch (const InvalidEmail&) {}
  }
  return out;
}

}  // namespace

SesEvent parse_ses_event(std::string_view message) {
  boost::system::error_code ec;
  auto value = json::parse(message, ec);
  if (ec || !value.is_object()) throw Problem::bad_request("The SNS Message is not an SES notification.");
  const auto& o = value.as_object();
  SesEvent e;
  // Notifications (identity settings) say notificationType; event
  // publishing (configuration sets) says eventType. Both carry the same objects.
  e.kind = string_at(o, "notificationType");
  if (e.kind.empty()) e.kind = string_at(o, "eventType");
  if (e.kind.empty()) throw Problem::bad_request("The SES notification has no notificationType or eventType.");
  if (e.kind == "Bounce") {
    const auto& b = object_at(o, "bounce");
    const auto type = string_at(b, "bounceType");
    e.permanent = type == "Permanent";
    e.detail = type + "/" + string_at(b, "bounceSubType");
    e.recipients = addresses(b, "bouncedRecipients");
  } else if (e.kind == "Complaint") {
    const auto& c = object_at(o, "complaint");
    e.permanent = true;
    e.detail = string_at(c, "complaintFeedbackType");
    e.recipients = addresses(c, "complainedRecipients");
  }
  return e;
}

Task<int> apply_ses_event(db::Queryable& db, const SesEvent& event) {
  if (!event.permanent || (event.kind != "Bounce" && event.kind != "Complaint")) co_return 0;
  const std::string reason = event.kind == "Bounce" ? "bounce" : "complaint";
  for (const auto& address : event.recipients) co_await suppress(db, address, reason, event.detail);
  co_return int(event.recipients.size());
}

}  // namespace agora::email
