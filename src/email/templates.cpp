#include "email/templates.hpp"

#include <cctype>
#include <map>

namespace agora::email {
namespace {

std::string url_component(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Inline styles only: most mail clients ignore <style> and external CSS.
constexpr const char* kBodyStyle =
    "margin:0;padding:24px;background:#f5f5f5;font-family:Helvetica,Arial,sans-serif;color:#222;";
constexpr const char* kCardStyle = "max-width:560px;margin:0 auto;background:#fff;border-radius:6px;padding:24px;";
constexpr const char* kButtonStyle =
    "display:inline-block;padding:10px 18px;background:#2563eb;color:#fff;text-decoration:none;border-radius:4px;";
constexpr const char* kFooterStyle = "max-width:560px;margin:16px auto 0;font-size:12px;color:#666;";
constexpr const char* kQuoteStyle = "margin:8px 0;padding:8px 12px;border-left:3px solid #ddd;color:#444;";

std::string link_html(std::string_view url, std::string_view label, const char* style = "color:#2563eb;") {
  return "<a href=\"" + html_escape(url) + "\" style=\"" + style + "\">" + html_escape(label) + "</a>";
}

std::string text_footer(std::string_view why, std::string_view unsubscribe_url, const Links& links) {
  std::string out = "\n-- \n" + std::string(why) + "\n";
  if (!unsubscribe_url.empty())
    out += "Unsubscribe: " + std::string(unsubscribe_url) + "\nAll email settings: " + links.preferences() + "\n";
  return out;
}

std::string html_page(std::string_view title, const std::string& body, std::string_view why,
                      std::string_view unsubscribe_url, const Links& links) {
  std::string footer = "<p style=\"margin:0 0 6px;\">" + html_escape(why) + "</p>";
  if (!unsubscribe_url.empty())
    footer += "<p style=\"margin:0;\">" + link_html(unsubscribe_url, "Unsubscribe", "color:#666;") + " &middot; " +
              link_html(links.preferences(), "Email settings", "color:#666;") + "</p>";
  return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
         "</title></head>\n<body style=\"" + kBodyStyle + "\">\n<div style=\"" + kCardStyle + "\">\n" + body +
         "</div>\n<div style=\"" + kFooterStyle + "\">" + footer + "</div>\n</body></html>\n";
}

std::string para(const std::string& html) { return "<p style=\"margin:0 0 16px;line-height:1.5;\">" + html + "</p>\n"; }

std::string item_link(const Links& links, const NotificationItem& item) {
  return item.comment_id ? links.comment(item.post_id, item.comment_id) : links.post(item.post_id);
}

// One line saying what happened, in plain words.
std::string headline(const NotificationItem& item) {
  if (item.kind == "reply") return item.actor + " replied to you on \"" + item.title + "\"";
  if (item.kind == "mention") return item.actor + " mentioned you on \"" + item.title + "\"";
  return item.actor + " posted \"" + item.title + "\" in " + item.community;
}

std::string why_notified(const NotificationItem& item) {
  if (item.kind == "reply") return "You get this email because someone replied to your post or comment on Agora.";
  if (item.kind == "mention") return "You get this email because someone mentioned you on Agora.";
  return "You get this email because you follow the community " + item.community + " on Agora.";
}

// A subject is one header line: user text with line breaks (a title pasted
// with one) is flattened rather than refused by render_mime.
std::string one_line(std::string s) {
  for (auto& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return s;
}

}  // namespace

Links::Links(std::string_view public_url) : base_(public_url) {
  while (!base_.empty() && base_.back() == '/') base_.pop_back();
}
std::string Links::verify_email(std::string_view token) const {
  return base_ + "/verify-email?token=" + url_component(token);
}
std::string Links::reset_password(std::string_view token) const {
  return base_ + "/reset-password?token=" + url_component(token);
}
std::string Links::post(std::int64_t post_id) const { return base_ + "/p/" + std::to_string(post_id); }
std::string Links::comment(std::int64_t post_id, std::int64_t comment_id) const {
  return post(post_id) + "#comment-" + std::to_string(comment_id);
}
std::string Links::preferences() const { return base_ + "/settings/email"; }

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Rendered verification_email(const Links& links, std::string_view username, std::string_view token,
                            std::string_view unsubscribe_url) {
  const auto url = links.verify_email(token);
  const std::string why =
      "You get this email because this address was used to sign up on Agora. If that was not "
      "you, ignore it: no account is confirmed without the link.";
  Rendered r;
  r.subject = "Confirm your email address for Agora";
  r.text = "Hello " + std::string(username) + ",\n\nplease confirm your email address by opening this link:\n\n" + url +
           "\n" + text_footer(why, unsubscribe_url, links);
  r.html =
      html_page(r.subject,
                para("Hello " + html_escape(username) + ",") + para("please confirm your email address:") +
                    para(link_html(url, "Confirm", kButtonStyle)) + para("Or open this link: " + link_html(url, url)),
                why, unsubscribe_url, links);
  return r;
}

Rendered password_reset_email(const Links& links, std::string_view username, std::string_view token, int valid_minutes,
                              std::string_view unsubscribe_url) {
  const auto url = links.reset_password(token);
  const auto minutes = std::to_string(valid_minutes);
  const std::string why =
      "You get this email because someone asked to reset the password of your Agora account. "
      "If it was not you, ignore it: your password stays as it is.";
  Rendered r;
  r.subject = "Reset your Agora password";
  r.text = "Hello " + std::string(username) + ",\n\nchoose a new password within " + minutes + " minutes:\n\n" + url +
           "\n" + text_footer(why, unsubscribe_url, links);
  r.html = html_page(
      r.subject,
      para("Hello " + html_escape(username) + ",") + para("choose a new password within " + minutes + " minutes:") +
          para(link_html(url, "Reset password", kButtonStyle)) + para("Or open this link: " + link_html(url, url)),
      why, unsubscribe_url, links);
  return r;
}

Rendered notification_email(const Links& links, std::string_view username, const NotificationItem& item,
                            std::string_view unsubscribe_url) {
  const auto url = item_link(links, item);
  const auto line = headline(item);
  const auto why = why_notified(item);
  Rendered r;
  r.subject = one_line(line);
  r.text = "Hello " + std::string(username) + ",\n\n" + line + ":\n\n" + item.excerpt + "\n\nRead it: " + url + "\n" +
           text_footer(why, unsubscribe_url, links);
  r.html = html_page(r.subject,
                     para("Hello " + html_escape(username) + ",") + para(html_escape(line) + ":") +
                         "<blockquote style=\"" + kQuoteStyle + "\">" + html_escape(item.excerpt) + "</blockquote>\n" +
                         para(link_html(url, "Read it", kButtonStyle)),
                     why, unsubscribe_url, links);
  return r;
}

Rendered digest_email(const Links& links, std::string_view username, std::string_view frequency,
                      const std::vector<NotificationItem>& items, std::string_view unsubscribe_url) {
  // Communities in the order they first appear, each with its items.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const NotificationItem*>> groups;
  for (const auto& item : items) {
    auto& g = groups[item.community];
    if (g.empty()) order.push_back(item.community);
    g.push_back(&item);
  }
  const std::string period = frequency == "weekly" ? "week" : "day";
  const std::string why =
      "You get this email because you chose a " + std::string(frequency) + " digest of your Agora notifications.";
  Rendered r;
  r.subject = "Your " + std::string(frequency) + " Agora digest: " + std::to_string(items.size()) +
              (items.size() == 1 ? " update" : " updates");
  r.text = "Hello " + std::string(username) + ",\n\nhere is what happened this " + period + ".\n";
  std::string body = para("Hello " + html_escape(username) + ",") + para("here is what happened this " + period + ".");
  for (const auto& community : order) {
    r.text += "\n" + community + "\n";
    body += "<h2 style=\"font-size:16px;margin:24px 0 8px;\">" + html_escape(community) + "</h2>\n<ul>\n";
    for (const auto* item : groups[community]) {
      const auto url = item_link(links, *item);
      r.text += "- " + headline(*item) + "\n  " + url + "\n";
      body += "<li style=\"margin:0 0 8px;\">" + link_html(url, headline(*item)) + "</li>\n";
    }
    body += "</ul>\n";
  }
  r.text += text_footer(why, unsubscribe_url, links);
  r.html = html_page(r.subject, body, why, unsubscribe_url, links);
  return r;
}

}  // namespace agora::email
