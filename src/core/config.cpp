#include "core/config.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <thread>

extern char** environ;

namespace agora {
namespace {

using Getter = std::function<std::optional<std::string>(const std::string&)>;

long long parse_int(const std::string& name, const std::string& v, long long lo, long long hi) {
  long long out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size()) throw ConfigError(name + "=\"" + v + "\" is not a whole number");
  if (out < lo || out > hi)
    throw ConfigError(name + "=" + v + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return out;
}

bool parse_bool(const std::string& name, const std::string& v) {
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  throw ConfigError(name + "=\"" + v + "\" is not a boolean (use true/false or 1/0)");
}

std::string one_of(const std::string& name, const std::string& v, std::initializer_list<const char*> allowed) {
  std::string list;
  for (const char* a : allowed) {
    if (v == a) return v;
    list += std::string(list.empty() ? "" : ", ") + a;
  }
  throw ConfigError(name + "=\"" + v + "\" is not one of: " + list);
}

// One table drives parsing, the list of known names and the README check.
struct Field {
  Config::Variable doc;
  std::function<void(Config&, const std::string& name, const std::string& value)> apply;
};

template <class Ms>
std::function<void(Config&, const std::string&, const std::string&)> millis(Ms Config::*m, long long lo, long long hi) {
  return [=](Config& c, const std::string& n, const std::string& v) { c.*m = Ms(parse_int(n, v, lo, hi)); };
}

const std::vector<Field>& fields() {
  static const std::vector<Field> table = {
      {{"AGORA_HTTP_HOST", "127.0.0.1", "Address to listen on (0.0.0.0 in containers)."},
       [](Config& c, auto&, auto& v) { c.http_host = v; }},
      {{"AGORA_HTTP_PORT", "8080", "TCP port of the HTTP server."},
       [](Config& c, auto& n, auto& v) { c.http_port = int(parse_int(n, v, 0, 65535)); }},
      {{"AGORA_HTTP_THREADS", "0", "Event-loop threads; 0 means one per CPU core."},
       [](Config& c, auto& n, auto& v) { c.http_threads = int(parse_int(n, v, 0, 256)); }},
      {{"AGORA_HTTP_MAX_BODY_BYTES", "10485760",
        "Largest accepted request body (413 above); each route has its own smaller cap (256 KiB for JSON, the upload "
        "limit for uploads)."},
       [](Config& c, auto& n, auto& v) { c.http_max_body_bytes = parse_int(n, v, 1024, 1LL << 30); }},
      {{"AGORA_HTTP_MAX_HEADER_BYTES", "16384", "Largest accepted request head (431 above)."},
       [](Config& c, auto& n, auto& v) { c.http_max_header_bytes = parse_int(n, v, 1024, 1 << 20); }},
      {{"AGORA_HTTP_HEADER_TIMEOUT_MS", "10000", "Time a client has to send the request head (408 after)."},
       millis(&Config::http_header_timeout, 100, 600'000)},
      {{"AGORA_HTTP_BODY_TIMEOUT_MS", "30000", "Time a client has to send the request body (408 after)."},
       millis(&Config::http_body_timeout, 100, 600'000)},
      {{"AGORA_HTTP_IDLE_TIMEOUT_MS", "75000",
        "Keep-alive idle time before the server closes (above the ALB's 60 s); a new connection has the header "
        "timeout for its first byte."},
       millis(&Config::http_idle_timeout, 100, 3'600'000)},
      {{"AGORA_HTTP_WRITE_TIMEOUT_MS", "15000",
        "Time a response may take to reach a slow client; an event stream whose client stops reading is closed "
        "after it."},
       millis(&Config::http_write_timeout, 100, 600'000)},
      {{"AGORA_HTTP_MAX_CONNECTIONS", "10000",
        "Most open client connections per process (503 above; also kept below the open-file limit)."},
       [](Config& c, auto& n, auto& v) { c.http_max_connections = int(parse_int(n, v, 16, 1'000'000)); }},
      {{"AGORA_HTTP_MAX_CONNECTIONS_PER_CLIENT", "512",
        "Most open connections from one client address (503 above); not applied behind a proxy."},
       [](Config& c, auto& n, auto& v) { c.http_max_connections_per_client = int(parse_int(n, v, 1, 1'000'000)); }},
      {{"AGORA_TRUST_PROXY", "false", "Take the client IP from X-Forwarded-For (set behind the ALB only)."},
       [](Config& c, auto& n, auto& v) { c.trust_proxy = parse_bool(n, v); }},
      {{"AGORA_DRAIN_MS", "5000", "After SIGTERM: time /readyz fails while requests are still served."},
       millis(&Config::drain, 0, 300'000)},
      {{"AGORA_SHUTDOWN_DEADLINE_MS", "20000", "After the drain: longest wait for in-flight requests."},
       millis(&Config::shutdown_deadline, 100, 300'000)},
      {{"AGORA_DATABASE_URL", "dbname=agora", "libpq connection string or URI."},
       [](Config& c, auto&, auto& v) { c.database_url = v; }},
      {{"AGORA_DB_POOL_SIZE", "16", "Most database connections per process (split across threads, at least one each)."},
       [](Config& c, auto& n, auto& v) { c.db_pool_size = int(parse_int(n, v, 1, 1000)); }},
      {{"AGORA_DB_ACQUIRE_TIMEOUT_MS", "2000", "Longest wait for a pooled connection (503 after)."},
       millis(&Config::db_acquire_timeout, 1, 60'000)},
      {{"AGORA_DB_CONNECT_TIMEOUT_MS", "3000", "Longest wait for a new database connection."},
       millis(&Config::db_connect_timeout, 10, 60'000)},
      {{"AGORA_DB_STATEMENT_TIMEOUT_MS", "5000", "Server-side statement_timeout for every query."},
       millis(&Config::db_statement_timeout, 10, 600'000)},
      {{"AGORA_LOG_LEVEL", "info", "debug, info, warn, error or fatal."},
       [](Config& c, auto& n, auto& v) {
         static const char* levels[] = {"debug", "info", "warn", "error", "fatal"};
         if (std::find(std::begin(levels), std::end(levels), v) == std::end(levels))
           throw ConfigError(n + "=\"" + v + "\" is not one of debug, info, warn, error, fatal");
         c.log_level = v;
       }},
      {{"AGORA_ACCESS_LOG", "true", "One JSON line per request on stdout."},
       [](Config& c, auto& n, auto& v) { c.access_log = parse_bool(n, v); }},
      {{"AGORA_ARGON2_OPSLIMIT", "2", "Argon2id passes (libsodium opslimit)."},
       [](Config& c, auto& n, auto& v) { c.argon2_opslimit = int(parse_int(n, v, 1, 20)); }},
      {{"AGORA_ARGON2_MEMLIMIT", "67108864", "Argon2id memory in bytes (libsodium memlimit)."},
       [](Config& c, auto& n, auto& v) { c.argon2_memlimit = parse_int(n, v, 8192, 4LL << 30); }},
      {{"AGORA_HASH_THREADS", "2", "Threads for password hashing; bounds its memory."},
       [](Config& c, auto& n, auto& v) { c.hash_threads = int(parse_int(n, v, 1, 64)); }},
      {{"AGORA_SESSION_TTL_HOURS", "720", "Session lifetime."},
       [](Config& c, auto& n, auto& v) { c.session_ttl = std::chrono::hours(parse_int(n, v, 1, 24 * 365)); }},
      {{"AGORA_COOKIE_SECURE", "true", "Mark the session cookie Secure (keep true outside tests)."},
       [](Config& c, auto& n, auto& v) { c.cookie_secure = parse_bool(n, v); }},
      {{"AGORA_AUTH_IP_LIMIT_PER_MINUTE", "30", "Auth requests per client IP per minute (429 above)."},
       [](Config& c, auto& n, auto& v) { c.auth_ip_limit_per_minute = int(parse_int(n, v, 1, 1'000'000)); }},
      {{"AGORA_LOGIN_ACCOUNT_LIMIT_PER_15MIN", "10",
        "Sign-in attempts per login name (and per trusted browser) per 15 minutes (429 above)."},
       [](Config& c, auto& n, auto& v) { c.login_account_limit_per_15min = int(parse_int(n, v, 1, 1'000'000)); }},
      {{"AGORA_VERIFY_TOKEN_TTL_MINUTES", "1440", "Lifetime of an email verification link."},
       [](Config& c, auto& n, auto& v) {
         c.verify_token_ttl = std::chrono::minutes(parse_int(n, v, 1, 60 * 24 * 30));
       }},
      {{"AGORA_RESET_TOKEN_TTL_MINUTES", "60", "Lifetime of a password reset link."},
       [](Config& c, auto& n, auto& v) { c.reset_token_ttl = std::chrono::minutes(parse_int(n, v, 1, 60 * 24)); }},
      {{"AGORA_POSTS_PER_HOUR", "30", "Posts a user may create per hour (429 above)."},
       [](Config& c, auto& n, auto& v) { c.posts_per_hour = int(parse_int(n, v, 1, 1'000'000)); }},
      {{"AGORA_COMMENTS_PER_HOUR", "300", "Comments a user may create per hour (429 above)."},
       [](Config& c, auto& n, auto& v) { c.comments_per_hour = int(parse_int(n, v, 1, 1'000'000)); }},
      {{"AGORA_VOTES_PER_HOUR", "2000", "Votes a user may cast per hour (429 above)."},
       [](Config& c, auto& n, auto& v) { c.votes_per_hour = int(parse_int(n, v, 1, 10'000'000)); }},
      {{"AGORA_COMMUNITIES_PER_DAY", "5", "Communities a user may create per day (429 above)."},
       [](Config& c, auto& n, auto& v) { c.communities_per_day = int(parse_int(n, v, 1, 1'000'000)); }},
      {{"AGORA_NEW_ACCOUNT_HOURS", "72", "Accounts younger than this get the new-account budgets below."},
       [](Config& c, auto& n, auto& v) { c.new_account_hours = int(parse_int(n, v, 0, 24 * 365)); }},
      {{"AGORA_NEW_ACCOUNT_POSTS_PER_HOUR", "3", "Posts per hour for new accounts."},
       [](Config& c, auto& n, auto& v) { c.new_account_posts_per_hour = int(parse_int(n, v, 1, 1'000'000)); }},
      {{"AGORA_NEW_ACCOUNT_COMMENTS_PER_HOUR", "20", "Comments per hour for new accounts."},
       [](Config& c, auto& n, auto& v) { c.new_account_comments_per_hour = int(parse_int(n, v, 1, 1'000'000)); }},
      {{"AGORA_EDITS_PER_HOUR", "60", "Post and comment edits a user may make per hour (429 above)."},
       [](Config& c, auto& n, auto& v) { c.edits_per_hour = int(parse_int(n, v, 1, 1'000'000)); }},
      {{"AGORA_LIVE_MAX_STREAMS", "5000", "Most open live-update streams per process (503 above)."},
       [](Config& c, auto& n, auto& v) { c.live_max_streams = int(parse_int(n, v, 1, 1'000'000)); }},
      {{"AGORA_LIVE_MAX_STREAMS_PER_CLIENT", "16", "Most open live-update streams per client address (503 above)."},
       [](Config& c, auto& n, auto& v) { c.live_max_streams_per_client = int(parse_int(n, v, 1, 100'000)); }},
      {{"AGORA_LIVE_MAX_STREAMS_PER_USER", "8", "Most open live-update streams per signed-in user (503 above)."},
       [](Config& c, auto& n, auto& v) { c.live_max_streams_per_user = int(parse_int(n, v, 1, 100'000)); }},
      {{"AGORA_LIVE_MAX_STREAM_MINUTES", "60",
        "A live-update stream ends after this long; its client reconnects and is checked again."},
       [](Config& c, auto& n, auto& v) { c.live_max_stream_age = std::chrono::minutes(parse_int(n, v, 1, 24 * 60)); }},
      {{"AGORA_UPLOAD_DIR", "var/uploads", "Folder where uploaded images are stored (served at /media/)."},
       [](Config& c, auto&, auto& v) { c.upload_dir = v; }},
      {{"AGORA_UPLOAD_MAX_BYTES", "8388608", "Largest accepted image upload (413 above)."},
       [](Config& c, auto& n, auto& v) { c.upload_max_bytes = parse_int(n, v, 1024, 1LL << 30); }},
      {{"AGORA_UPLOAD_MAX_PIXELS", "40000000", "Largest accepted image area in pixels (422 above)."},
       [](Config& c, auto& n, auto& v) { c.upload_max_pixels = parse_int(n, v, 1, 1LL << 40); }},
      {{"AGORA_STORAGE", "local", "Where uploads are stored: local (AGORA_UPLOAD_DIR) or s3 (AGORA_S3_BUCKET)."},
       [](Config& c, auto& n, auto& v) {
         c.storage = one_of(n, v, {"local", "s3"});
       }},
      {{"AGORA_S3_BUCKET", "", "S3 bucket for uploads when AGORA_STORAGE=s3."},
       [](Config& c, auto&, auto& v) { c.s3_bucket = v; }},
      {{"AGORA_S3_ENDPOINT", "",
        "S3 endpoint URL; empty means AWS's regional endpoint (set for an S3-compatible server)."},
       [](Config& c, auto&, auto& v) { c.s3_endpoint = v; }},
      {{"AGORA_AWS_REGION", "us-east-1", "AWS region of the S3 bucket, the SQS queues and SES."},
       [](Config& c, auto&, auto& v) { c.aws_region = v; }},
      {{"AGORA_QUEUE", "postgres",
        "Queue behind the outbox: postgres (the jobs table) or sqs (agora relay moves jobs to the SQS queues)."},
       [](Config& c, auto& n, auto& v) {
         c.queue = one_of(n, v, {"postgres", "sqs"});
       }},
      {{"AGORA_SQS_EMAILS_URL", "", "SQS queue URL for email jobs when AGORA_QUEUE=sqs."},
       [](Config& c, auto&, auto& v) { c.sqs_emails_url = v; }},
      {{"AGORA_SQS_ANALYTICS_URL", "", "SQS queue URL for analytics jobs when AGORA_QUEUE=sqs."},
       [](Config& c, auto&, auto& v) { c.sqs_analytics_url = v; }},
      {{"AGORA_SQS_JOBS_URL", "", "SQS queue URL for every other job when AGORA_QUEUE=sqs."},
       [](Config& c, auto&, auto& v) { c.sqs_jobs_url = v; }},
      {{"AGORA_SQS_ENDPOINT", "",
        "Where SQS calls go; empty means each queue URL's own host (set for a VPC endpoint or a local server)."},
       [](Config& c, auto&, auto& v) { c.sqs_endpoint = v; }},
      {{"AGORA_WORKER_CONCURRENCY", "4", "Jobs one agora worker runs at once."},
       [](Config& c, auto& n, auto& v) { c.worker_concurrency = int(parse_int(n, v, 1, 256)); }},
      {{"AGORA_JOB_LEASE_SECONDS", "30",
        "Visibility timeout of a claimed job; the worker extends it while the job runs, so only a dead worker's "
        "job becomes visible again after it."},
       [](Config& c, auto& n, auto& v) { c.job_lease = std::chrono::seconds(parse_int(n, v, 2, 43'200)); }},
      {{"AGORA_JOB_MAX_ATTEMPTS", "8", "Attempts before a failing job is dead-lettered."},
       [](Config& c, auto& n, auto& v) { c.job_max_attempts = int(parse_int(n, v, 1, 100)); }},
      {{"AGORA_JOB_RETRY_BASE_MS", "1000",
        "First retry delay of a failed job; doubled per attempt (capped at one hour), with full jitter."},
       millis(&Config::job_retry_base, 1, 3'600'000)},
      {{"AGORA_MAILER", "mailbox", "How email leaves: mailbox (stored in the dev mailbox) or smtp (AGORA_SMTP_URL)."},
       [](Config& c, auto& n, auto& v) {
         c.mailer = one_of(n, v, {"mailbox", "smtp"});
       }},
      {{"AGORA_SMTP_URL", "",
        "SMTP server when AGORA_MAILER=smtp: smtp://host:587 (STARTTLS is required) or smtps://host:465."},
       [](Config& c, auto&, auto& v) { c.smtp_url = v; }},
      {{"AGORA_SMTP_USERNAME", "", "SMTP AUTH user name (for SES, the SMTP credentials' user name)."},
       [](Config& c, auto&, auto& v) { c.smtp_username = v; }},
      {{"AGORA_SMTP_PASSWORD", "", "SMTP AUTH password; pass it from a secret, never from the config map."},
       [](Config& c, auto&, auto& v) { c.smtp_password = v; }},
      {{"AGORA_SMTP_CA_FILE", "", "CA bundle that verifies the SMTP server's certificate; empty means the system's."},
       [](Config& c, auto&, auto& v) { c.smtp_ca_file = v; }},
      {{"AGORA_MAIL_FROM", "Agora <no-reply@localhost>", "From address of every email."},
       [](Config& c, auto&, auto& v) { c.mail_from = v; }},
      {{"AGORA_PUBLIC_URL", "http://127.0.0.1:8080", "The site's public address, for links in emails."},
       [](Config& c, auto&, auto& v) { c.public_url = v; }},
      {{"AGORA_SES_EVENTS_TOPIC_ARN", "",
        "SNS topic ARN whose SES bounce and complaint notifications /api/v1/email/ses-events accepts; empty turns "
        "the endpoint off (404)."},
       [](Config& c, auto&, auto& v) { c.ses_events_topic_arn = v; }},
      {{"AGORA_EMBEDDER", "use-lite",
        "What computes embeddings for semantic search, related posts and duplicate suggestions: use-lite (the model "
        "inside agora, read from AGORA_MODEL_DIR), openai (an OpenAI-compatible /v1/embeddings endpoint) or off "
        "(text search only)."},
       [](Config& c, auto& n, auto& v) {
         c.embedder = one_of(n, v, {"use-lite", "openai", "off"});
       }},
      {{"AGORA_MODEL_DIR", "var/models/use-lite-0.2.0",
        "Folder of the Universal Sentence Encoder Lite files (scripts/fetch-model puts them there)."},
       [](Config& c, auto&, auto& v) { c.model_dir = v; }},
      {{"AGORA_WEB_DIR", "web/dist",
        "Folder of the web app's build that agora serve answers beside the API (make run builds it); off: the "
        "API only (production, where CloudFront serves the build from S3)."},
       [](Config& c, auto&, auto& v) { c.web_dir = v; }},
      {{"AGORA_EMBEDDINGS_URL", "",
        "Base URL of the OpenAI-compatible API when AGORA_EMBEDDER=openai, e.g. https://api.openai.com/v1 or "
        "http://ollama:11434/v1."},
       [](Config& c, auto&, auto& v) { c.embeddings_url = v; }},
      {{"AGORA_EMBEDDINGS_MODEL", "", "Model name sent to that API (text-embedding-3-small, nomic-embed-text, …)."},
       [](Config& c, auto&, auto& v) { c.embeddings_model = v; }},
      {{"AGORA_EMBEDDINGS_DIMENSIONS", "0", "Dimensions of that model's vectors (1 to 2000)."},
       [](Config& c, auto& n, auto& v) { c.embeddings_dimensions = int(parse_int(n, v, 0, 2000)); }},
      {{"AGORA_EMBEDDINGS_API_KEY", "", "Bearer key for that API; pass it from a secret, never from the config map."},
       [](Config& c, auto&, auto& v) { c.embeddings_api_key = v; }},
      {{"AGORA_EMBEDDINGS_TIMEOUT_MS", "10000", "Time one embeddings request may take before it is retried."},
       millis(&Config::embeddings_timeout, 100, 120'000)},
      {{"AGORA_EMBED_THREADS", "1",
        "Threads per process that compute embeddings (queries in agora serve, posts in agora worker)."},
       [](Config& c, auto& n, auto& v) { c.embed_threads = int(parse_int(n, v, 1, 64)); }},
  };
  return table;
}

}  // namespace

Config Config::from_env(const Getter& get, const std::vector<std::string>& present_names) {
  const auto& table = fields();
  for (const auto& name : present_names) {
    if (name.rfind("AGORA_", 0) != 0) continue;
    const bool known = std::any_of(table.begin(), table.end(), [&](const Field& f) { return f.doc.name == name; });
    // Names read by scripts and tools, not by the service itself.
    static const char* tool_vars[] = {"AGORA_SETUP_SKIP", "AGORA_TEST_PG_KEEP",    "AGORA_LOCAL_PG_PORT",
                                      "AGORA_BUILD_DIR",  "AGORA_LOCAL_STATE_DIR", "AGORA_DEBIAN_MIRROR"};
    const bool tool = std::find(std::begin(tool_vars), std::end(tool_vars), name) != std::end(tool_vars);
    if (!known && !tool) throw ConfigError(name + " is not a known setting (see the README's configuration table)");
  }
  Config c;
  for (const auto& f : table)
    if (auto v = get(f.doc.name)) f.apply(c, f.doc.name, *v);
  if (c.http_threads == 0) c.http_threads = int(std::max(1u, std::thread::hardware_concurrency()));
  // Settings that only make sense together: a missing half is a typo, not a default.
  if (c.storage == "s3" && c.s3_bucket.empty()) throw ConfigError("AGORA_STORAGE=s3 needs AGORA_S3_BUCKET");
  if (c.queue == "sqs" && (c.sqs_emails_url.empty() || c.sqs_analytics_url.empty() || c.sqs_jobs_url.empty()))
    throw ConfigError("AGORA_QUEUE=sqs needs AGORA_SQS_EMAILS_URL, AGORA_SQS_ANALYTICS_URL and AGORA_SQS_JOBS_URL");
  if (c.mailer == "smtp" && c.smtp_url.rfind("smtp://", 0) != 0 && c.smtp_url.rfind("smtps://", 0) != 0)
    throw ConfigError("AGORA_MAILER=smtp needs AGORA_SMTP_URL=smtp://host:port or smtps://host:port");
  if (c.embedder == "openai" &&
      (c.embeddings_url.empty() || c.embeddings_model.empty() || c.embeddings_dimensions == 0))
    throw ConfigError(
        "AGORA_EMBEDDER=openai needs AGORA_EMBEDDINGS_URL, AGORA_EMBEDDINGS_MODEL and AGORA_EMBEDDINGS_DIMENSIONS");
  return c;
}

Config Config::from_process_env() {
  std::vector<std::string> names;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    names.emplace_back(kv.substr(0, kv.find('=')));
  }
  return from_env(
      [](const std::string& n) -> std::optional<std::string> {
        const char* v = std::getenv(n.c_str());  // NOLINT(concurrency-mt-unsafe): read once, before any thread
        if (!v) return std::nullopt;
        return std::string(v);
      },
      names);
}

const std::vector<Config::Variable>& Config::variables() {
  static const std::vector<Variable> docs = [] {
    std::vector<Variable> out;
    for (const auto& f : fields()) out.push_back(f.doc);
    return out;
  }();
  return docs;
}

}  // namespace agora
