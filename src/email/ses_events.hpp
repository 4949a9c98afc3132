#pragma once
// What SES reports through SNS (the Message of a Notification): permanent
// bounces and complaints put their recipients on the suppression list;
// transient bounces, deliveries and anything else change nothing.
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"

namespace agora::email {

struct SesEvent {
  std::string kind;                     // Bounce | Complaint | another SES type (ignored)
  bool permanent = false;               // a Bounce with bounceType Permanent; every Complaint
  std::vector<std::string> recipients;  // lower-cased addresses
  std::string detail;                   // bounce type/subtype or complaint feedback type
};

// Throws Problem 400 when `message` is not an SES notification (JSON with
// notificationType or eventType, and the recipients of a bounce/complaint).
SesEvent parse_ses_event(std::string_view message);

// Suppresses the recipients of a permanent bounce or a complaint; returns
// how many addresses that covered (0 for events that suppress nothing).
Task<int> apply_ses_event(db::Queryable& db, const SesEvent& event);

}  // namespace agora::email
