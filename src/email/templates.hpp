#pragma once
// The words of every email, as plain text and as HTML with inline styles
// (mail clients drop <style> blocks). Every value from users (names,
// titles, excerpts) is HTML-escaped in the HTML part; links are built from
// AGORA_PUBLIC_URL. Each mail ends with a footer saying why it came and,
// when given, how to stop it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace agora::email {

struct Rendered {
  std::string subject, text, html;
};

// Where links point: the site's public address without a trailing slash.
class Links {
 public:
  explicit Links(std::string_view public_url);
  std::string verify_email(std::string_view token) const;                    // /verify-email?token=…
  std::string reset_password(std::string_view token) const;                  // /reset-password?token=…
  std::string post(std::int64_t post_id) const;                              // /p/{id}
  std::string comment(std::int64_t post_id, std::int64_t comment_id) const;  // /p/{id}#comment-{cid}
  std::string preferences() const;                                           // /settings/email
  const std::string& base() const { return base_; }

 private:
  std::string base_;
};

// What a notification mail is about (one item; the digest lists many).
struct NotificationItem {
  std::string kind;       // reply | mention | post (a new post in a followed community)
  std::string actor;      // username of who did it
  std::string community;  // slug
  std::string title;      // the post's title
  std::string excerpt;    // a short plain-text extract of the comment or post
  std::int64_t post_id = 0;
  std::int64_t comment_id = 0;  // 0 for a post
};

Rendered verification_email(const Links& links, std::string_view username, std::string_view token,
                            std::string_view unsubscribe_url);
Rendered password_reset_email(const Links& links, std::string_view username, std::string_view token, int valid_minutes,
                              std::string_view unsubscribe_url);
Rendered notification_email(const Links& links, std::string_view username, const NotificationItem& item,
                            std::string_view unsubscribe_url);
// `frequency` is daily or weekly; items are grouped by community in the
// order their communities first appear.
Rendered digest_email(const Links& links, std::string_view username, std::string_view frequency,
                      const std::vector<NotificationItem>& items, std::string_view unsubscribe_url);

// &, <, >, " and ' as entities.
std::string html_escape(std::string_view text);

}  // namespace agora::email
