#include "notifications/email_jobs.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "email/job_mail.hpp"
#include "jobs/enqueue.hpp"
#include "notifications/fanout.hpp"

namespace agora::notifications {
namespace {

// The preference that governs a notification kind, defaults included.
constexpr const char* kPreferenceOfKind =
    "CASE n.kind WHEN 'mention' THEN coalesce(p.mentions, 'immediate') "
    "WHEN 'post' THEN coalesce(p.activity, 'daily') ELSE coalesce(p.replies, 'immediate') END";

// Someone we may write to: a verified address nobody reported as bouncing.
constexpr const char* kMailable =
    "u.email_verified_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM email_suppressions s WHERE s.email = "
    "lower(u.email))";

// What a mail says about a notification (the item) and whom it goes to.
constexpr const char* kItemColumns =
    "n.kind, coalesce(a.username, 'someone'), coalesce(c.slug, ''), coalesce(po.title, ''), "
    // Removed or deleted text never goes out by mail.
    "left(CASE WHEN co.id IS NOT NULL THEN CASE WHEN co.state = 'visible' THEN co.body_md ELSE '' END "
    "WHEN po.state = 'visible' THEN po.body_md ELSE n.message END, 300), "
    "coalesce(n.post_id, 0), coalesce(n.comment_id, 0), "
    "u.email, u.username, n.user_id, n.id";
constexpr const char* kItemJoins =
    "FROM notifications n JOIN users u ON u.id = n.user_id LEFT JOIN users a ON a.id = n.actor_id "
    "LEFT JOIN posts po ON po.id = n.post_id LEFT JOIN comments co ON co.id = n.comment_id "
    "LEFT JOIN communities c ON c.id = n.community_id ";

email::NotificationItem item_of(const db::Result& r, int i) {
  // Moderator notices read like replies addressed to the user.
  const auto kind = r.string(i, 0);
  return {kind == "mod" ? "reply" : kind,
          r.string(i, 1),
          r.string(i, 2),
          r.string(i, 3),
          r.string(i, 4),
          r.int64(i, 5),
          r.int64(i, 6)};
}

email::Category category_of(const std::string& kind) {
  if (kind == "mention") return email::Category::mentions;
  if (kind == "post") return email::Category::activity;
  return email::Category::replies;
}

boost::json::object payload_of(const jobs::Job& job) {
  try {
    return boost::json::parse(job.payload).as_object();
  } catch (const std::exception& e) {
    throw jobs::PermanentFailure("malformed " + job.kind + " payload: " + e.what());
  }
}

std::int64_t int_field(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_int64()) throw jobs::PermanentFailure(std::string("payload field ") + key + " missing");
  return v->as_int64();
}

}  // namespace

void add_email_jobs(jobs::Registry& registry, const Config& config, email::Mailer& mailer) {
  registry.add(kEmailNotificationsJob, [](jobs::JobContext& ctx) -> Task<void> {
    const auto p = payload_of(ctx.job);
    const auto* ids = p.if_contains("notification_ids");
    if (!ids || !ids->is_array()) throw jobs::PermanentFailure("notify.email without notification_ids");
    auto due =
        co_await ctx.tx.query(std::string("SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id "
                                          "LEFT JOIN email_preferences p ON p.user_id = n.user_id "
                                          "WHERE n.id IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint) "
                                          "AND n.read_at IS NULL AND ") +
                                  kMailable + " AND " + kPreferenceOfKind + " = 'immediate' ORDER BY n.id",
                              db::Params(boost::json::serialize(*ids)));
    for (int i = 0; i < due.rows(); ++i) {
      const auto id = due.int64(i, 0);
      jobs::NewJob mail{.kind = "email.notification", .trace_id = ctx.job.trace_id};
      mail.payload = "{\"notification_id\":" + std::to_string(id) + "}";
      mail.idempotency_key = "notification-mail:" + std::to_string(id);
      co_await jobs::enqueue(ctx.tx, mail);
    }
  });

  registry.add("email.notification", [&config, &mailer](jobs::JobContext& ctx) -> Task<void> {
    const auto id = int_field(payload_of(ctx.job), "notification_id");
    // Checked again at sending time: read meanwhile, or the address stopped working.
    auto r = co_await ctx.tx.query(std::string("SELECT ") + kItemColumns + " " + kItemJoins +
                                       "WHERE n.id = $1 AND n.read_at IS NULL AND " + kMailable,
                                   db::Params(id));
    if (r.empty()) co_return;
    const auto item = item_of(r, 0);
    const auto token = co_await email::unsubscribe_token(ctx.tx, r.int64(0, 9), category_of(r.string(0, 0)));
    const email::Outgoing mail{r.string(0, 7),
                               email::notification_email(email::Links(config.public_url), r.string(0, 8), item,
                                                         email::unsubscribe_url(config.public_url, token)),
                               token};
    co_await email::send_for_job(mailer, config, ctx, mail);
  });

  for (const std::string frequency : {"daily", "weekly"}) {
    registry.add("schedule.email-digests-" + frequency, [frequency](jobs::JobContext& ctx) -> Task<void> {
      const std::string window = frequency == "daily" ? "1 day" : "7 days";
      auto users = co_await ctx.tx.query(
          std::string("SELECT DISTINCT n.user_id FROM notifications n JOIN users u ON u.id = n.user_id "
                      "LEFT JOIN email_preferences p ON p.user_id = n.user_id "
                      "LEFT JOIN email_digests d ON d.user_id = n.user_id AND d.frequency = $1 "
                      "WHERE n.id > coalesce(d.last_notification, 0) AND n.read_at IS NULL "
                      "AND n.created_at > now() - $2::interval AND ") +
              kMailable + " AND " + kPreferenceOfKind + " = $1",
          db::Params(frequency, window));
      for (int i = 0; i < users.rows(); ++i) {
        jobs::NewJob digest{.kind = "email.digest", .trace_id = ctx.job.trace_id};
        digest.payload = "{\"user_id\":" + users.string(i, 0) + ",\"frequency\":\"" + frequency + "\"}";
        digest.idempotency_key = "digest:" + std::to_string(ctx.job.id) + ":" + users.string(i, 0);
        co_await jobs::enqueue(ctx.tx, digest);
      }
    });
  }

  registry.add("email.digest", [&config, &mailer](jobs::JobContext& ctx) -> Task<void> {
    const auto p = payload_of(ctx.job);
    const auto user_id = int_field(p, "user_id");
    const auto* f = p.if_contains("frequency");
    const std::string frequency = f && f->is_string() ? std::string(f->as_string()) : "";
    if (frequency != "daily" && frequency != "weekly") throw jobs::PermanentFailure("digest frequency missing");
    const std::string window = frequency == "daily" ? "1 day" : "7 days";
    auto r = co_await ctx.tx.query(
        std::string("SELECT ") + kItemColumns + " " + kItemJoins +
            "LEFT JOIN email_preferences p ON p.user_id = n.user_id "
            "LEFT JOIN email_digests d ON d.user_id = n.user_id AND d.frequency = $2 "
            "WHERE n.user_id = $1 AND n.id > coalesce(d.last_notification, 0) AND n.read_at IS NULL "
            "AND n.created_at > now() - $3::interval AND " +
            kMailable + " AND " + kPreferenceOfKind + " = $2 ORDER BY n.id LIMIT 200",
        db::Params(user_id, frequency, window));
    if (r.empty()) co_return;
    std::vector<email::NotificationItem> items;
    items.reserve(std::size_t(r.rows()));
    for (int i = 0; i < r.rows(); ++i) items.push_back(item_of(r, i));
    const auto token = co_await email::unsubscribe_token(ctx.tx, user_id, email::Category::all);
    const email::Outgoing mail{r.string(0, 7),
                               email::digest_email(email::Links(config.public_url), r.string(0, 8), frequency, items,
                                                   email::unsubscribe_url(config.public_url, token)),
                               token};
    co_await email::send_for_job(mailer, config, ctx, mail);
    co_await ctx.tx.query(
        "INSERT INTO email_digests (user_id, frequency, last_notification, last_sent_at) VALUES ($1, $2, $3, now()) "
        "ON CONFLICT (user_id, frequency) DO UPDATE SET last_notification = excluded.last_notification, "
        "last_sent_at = now()",
        db::Params(user_id, frequency, r.int64(r.rows() - 1, 10)));
  });
}

}  // namespace agora::notifications
