#include "email/routes.hpp"

#include <boost/json.hpp>

#include "accounts/auth.hpp"
#include "core/json_body.hpp"
#include "db/pool.hpp"
#include "email/preferences.hpp"
#include "email/ses_events.hpp"
#include "email/unsubscribe.hpp"

namespace agora::email {
namespace json = boost::json;
namespace {

constexpr const char* kUnsubscribePath = "/api/v1/email/unsubscribe";
constexpr const char* kPreferencesPath = "/api/v1/me/email-preferences";
constexpr const char* kSesEventsPath = "/api/v1/email/ses-events";

Task<UnsubscribeClaims> claims_of(http::Request& req) {
  const auto token = req.query_param("token");
  if (!token) throw Problem::bad_request("The unsubscribe link has no token.");
  const auto key = co_await unsubscribe_key(*req.db);
  auto claims = verify_unsubscribe_token(key, *token);
  if (!claims) throw Problem::bad_request("This unsubscribe link is not valid.");
  co_return *claims;
}

json::array turned_off(Category c) {
  if (c == Category::all) return {"replies", "mentions", "activity"};
  return {json::string(category_name(c))};
}

http::Response unsubscribe_json(Category c, const Preferences& p) {
  return http::Response::json(200, json::serialize(json::object{{"category", category_name(c)},
                                                                {"turns_off", turned_off(c)},
                                                                {"preferences", json::parse(preferences_json(p))}}));
}

// RFC 8058: the one-click POST carries List-Unsubscribe=One-Click, form
// encoded (or as a multipart/form-data field). Anything else is not the
// one-click request and changes nothing.
bool one_click_body(const http::Request& req) {
  const auto type = std::string(req.header("content-type").value_or(""));
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    std::size_t i = 0;
    while (i <= req.body.size()) {
      const auto amp = std::min(req.body.find('&', i), req.body.size());
      if (std::string_view(req.body).substr(i, amp - i) == "List-Unsubscribe=One-Click") return true;
      i = amp + 1;
    }
    return false;
  }
  if (type.rfind("multipart/form-data", 0) == 0)
    return req.body.find("name=\"List-Unsubscribe\"") != std::string::npos &&
           req.body.find("One-Click") != std::string::npos;
  return false;
}

Task<bool> user_exists(db::Queryable& db, std::int64_t id) {
  auto r = co_await db.query("SELECT 1 FROM users WHERE id = $1", db::Params(id));
  co_return !r.empty();
}

Preferences preferences_from(const http::Request& req) {
  auto body = JsonBody::parse(req.header("content-type").value_or(""), req.body);
  Preferences p{body.required_string("replies", 16), body.required_string("mentions", 16),
                body.required_string("activity", 16)};
  body.finish();
  std::vector<FieldError> errors;
  for (const auto& [field, value] :
       {std::pair{"replies", &p.replies}, std::pair{"mentions", &p.mentions}, std::pair{"activity", &p.activity}})
    if (!valid_frequency(*value)) errors.push_back({field, "must be one of immediate, daily, weekly, off"});
  if (!errors.empty()) throw Problem::validation(std::move(errors));
  return p;
}

Task<http::Response> ses_event(http::Request& req, const Config& config, SnsVerifier* sns) {
  if (config.ses_events_topic_arn.empty() || !sns) throw Problem::not_found();
  const auto m = parse_sns_message(req.body);
  // The topic first: a message for another topic is refused without
  // fetching anything.
  if (m.topic_arn != config.ses_events_topic_arn) throw Problem::forbidden("Unknown SNS topic.");
  if (!co_await sns->verify(m)) throw Problem::forbidden("The SNS signature does not verify.");
  if (m.type == "SubscriptionConfirmation") {
    co_await sns->confirm_subscription(m);
    co_return http::Response::json(200, R"({"result":"subscribed","suppressed":0})");
  }
  if (m.type == "UnsubscribeConfirmation")
    co_return http::Response::json(200, R"({"result":"ignored","suppressed":0})");
  const auto event = parse_ses_event(m.message);
  const int n = co_await apply_ses_event(*req.db, event);
  co_return http::Response::json(
      200, json::serialize(json::object{{"result", n > 0 ? "suppressed" : "ignored"}, {"suppressed", n}}));
}

bool registered(const http::Router& router, std::string_view method, std::string_view pattern) {
  for (const auto& r : router.routes())
    if (r.method == method && r.pattern == pattern) return true;
  return false;
}

}  // namespace

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config,
                const std::shared_ptr<SnsVerifier>& sns) {
  auto add = [&](const char* method, const char* path, http::Handler handler, http::RouteOptions options = {}) {
    if (!registered(router, method, path)) router.add(method, path, std::move(handler), std::move(options));
  };

  add("GET", kUnsubscribePath, [](http::Request& req) -> Task<http::Response> {
    const auto claims = co_await claims_of(req);
    if (!co_await user_exists(*req.db, claims.user_id)) throw Problem::not_found("The account no longer exists.");
    const auto p = co_await load_preferences(*req.db, claims.user_id);
    co_return unsubscribe_json(claims.category, p);
  });

  // No session and no CSRF token: the signed token is the authorization, and
  // mail clients send this POST without cookies (RFC 8058 section 3.2).
  add("POST", kUnsubscribePath, [](http::Request& req) -> Task<http::Response> {
    const auto claims = co_await claims_of(req);
    if (!one_click_body(req))
      throw Problem::bad_request("Send List-Unsubscribe=One-Click as application/x-www-form-urlencoded.");
    const auto p = co_await turn_off(*req.db, claims.user_id, claims.category);
    if (!p) throw Problem::not_found("The account no longer exists.");
    co_return unsubscribe_json(claims.category, *p);
  });

  add("GET", kPreferencesPath, [&accounts](http::Request& req) -> Task<http::Response> {
    auto who = co_await accounts::require_user(req, accounts);
    const auto p = co_await load_preferences(*req.db, who.user.id);
    co_return http::Response::json(200, preferences_json(p));
  });

  // Turning mail off is open to suspended accounts, like other ways of
  // asking for less from the site.
  add(
      "PUT", kPreferencesPath,
      [&accounts](http::Request& req) -> Task<http::Response> {
        auto who = co_await accounts::require_user(req, accounts);
        const auto wanted = preferences_from(req);
        const auto p = co_await save_preferences(*req.db, who.user.id, wanted);
        co_return http::Response::json(200, preferences_json(p));
      },
      http::RouteOptions{.open_to_suspended = true});

  // SNS posts text/plain JSON up to 256 KB of message plus its envelope.
  add(
      "POST", kSesEventsPath,
      [&config, sns](http::Request& req) -> Task<http::Response> { return ses_event(req, config, sns.get()); },
      http::RouteOptions{.max_body_bytes = std::size_t{1} << 20});
}

void add_routes(http::Router& router, accounts::Service& accounts, const Config& config) {
  std::shared_ptr<SnsVerifier> sns;
  if (!config.ses_events_topic_arn.empty()) {
    // The verifier's own pool: certificate fetches block for up to seconds,
    // and must not take the threads that hash passwords.
    struct Owned {
      BlockingPool pool{1};
      SnsVerifier verifier{pool};
    };
    auto owned = std::make_shared<Owned>();
    sns = std::shared_ptr<SnsVerifier>(owned, &owned->verifier);
  }
  add_routes(router, accounts, config, sns);
}

}  // namespace agora::email
