#pragma once
// Configuration: AGORA_* environment variables parsed once at start into a
// typed struct. Unknown AGORA_* names and malformed values stop the process
// with a message naming the variable (a typo must not silently fall back to a
// default in production).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace agora {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Config {
  // HTTP server
  std::string http_host = "127.0.0.1";
  int http_port = 8080;
  int http_threads = 0;                        // 0: one per CPU core
  std::size_t http_max_body_bytes = 10 << 20;  // uploads; JSON bodies have their own cap
  std::size_t http_max_header_bytes = 16 << 10;
  std::chrono::milliseconds http_header_timeout{10'000};
  std::chrono::milliseconds http_body_timeout{30'000};
  std::chrono::milliseconds http_idle_timeout{75'000};  // above the ALB's 60 s
  std::chrono::milliseconds http_write_timeout{15'000};
  int http_max_connections = 10'000;
  int http_max_connections_per_client = 512;  // by peer address; off with trust_proxy
  bool trust_proxy = false;                   // take the client IP from X-Forwarded-For (behind the ALB)

  // Shutdown (see docs/architecture.md "Shutdown")
  std::chrono::milliseconds drain{5'000};
  std::chrono::milliseconds shutdown_deadline{20'000};

  // Database
  std::string database_url = "dbname=agora";
  int db_pool_size = 16;  // per process, split across HTTP threads
  std::chrono::milliseconds db_acquire_timeout{2'000};
  std::chrono::milliseconds db_connect_timeout{3'000};
  std::chrono::milliseconds db_statement_timeout{5'000};

  // Logging
  std::string log_level = "info";
  bool access_log = true;

  // Accounts and security
  int argon2_opslimit = 2;                  // libsodium OPSLIMIT_INTERACTIVE
  std::size_t argon2_memlimit = 64u << 20;  // MEMLIMIT_INTERACTIVE
  int hash_threads = 2;                     // bounds memory: threads × memlimit
  std::chrono::hours session_ttl{24 * 30};
  bool cookie_secure = true;
  int auth_ip_limit_per_minute = 30;
  int login_account_limit_per_15min = 10;
  std::chrono::minutes verify_token_ttl{60 * 24};
  std::chrono::minutes reset_token_ttl{60};

  // Community: write budgets per user and hour; accounts younger than
  // new_account_hours get the smaller budget (spam waves use fresh accounts).
  int posts_per_hour = 30;
  int comments_per_hour = 300;
  int votes_per_hour = 2000;
  int communities_per_day = 5;
  int new_account_hours = 72;
  int new_account_posts_per_hour = 3;
  int new_account_comments_per_hour = 20;
  int edits_per_hour = 60;

  // Live updates (Server-Sent Events): caps per process, client and user.
  int live_max_streams = 5'000;
  int live_max_streams_per_client = 16;
  int live_max_streams_per_user = 8;
  std::chrono::minutes live_max_stream_age{60};

  // Uploads: stored under this folder and served at /media/.
  std::string upload_dir = "var/uploads";
  std::size_t upload_max_bytes = 8 << 20;
  std::int64_t upload_max_pixels = 40'000'000;
  std::string storage = "local";  // local (upload_dir) | s3
  std::string s3_bucket;
  std::string s3_endpoint;  // empty: AWS's regional endpoint; set for an S3-compatible server

  // AWS (S3, SQS): credentials come from the standard AWS_* variables or
  // the pod's web identity (IRSA), never from AGORA_* settings.
  std::string aws_region = "us-east-1";

  // Background work (docs/adr/0078): the queue behind the outbox, and the worker.
  std::string queue = "postgres";  // postgres | sqs (fed by `agora relay`)
  std::string sqs_emails_url, sqs_analytics_url, sqs_jobs_url;
  std::string sqs_endpoint;  // empty: each queue URL's own host
  int worker_concurrency = 4;
  std::chrono::seconds job_lease{30};  // visibility timeout; heartbeats extend it
  int job_max_attempts = 8;
  std::chrono::milliseconds job_retry_base{1'000};

  // Email
  std::string mailer = "mailbox";  // mailbox (dev_mailbox table) | smtp
  std::string smtp_url;            // smtp://host:587 (STARTTLS required) or smtps://host:465
  std::string smtp_username, smtp_password;
  std::string smtp_ca_file;  // empty: the system's CA bundle
  std::string mail_from = "Agora <no-reply@localhost>";
  std::string public_url = "http://127.0.0.1:8080";  // links in emails
  // SNS topic SES publishes bounces and complaints to; empty: the endpoint answers 404.
  std::string ses_events_topic_arn;

  // AI (docs/adr/0081, 0082): the embedder behind semantic search, related
  // posts and duplicate suggestions.
  std::string embedder = "use-lite";  // use-lite (in-process model) | openai (an OpenAI-compatible endpoint) | off
  std::string model_dir = "var/models/use-lite-0.2.0";
  std::string web_dir = "web/dist";  // the web app's build; "off": the API only
  std::string embeddings_url;        // e.g. http://127.0.0.1:11434/v1 (…/embeddings is appended)
  std::string embeddings_model;
  int embeddings_dimensions = 0;
  std::string embeddings_api_key;
  std::chrono::milliseconds embeddings_timeout{10'000};
  int embed_threads = 1;

  static Config from_env(const std::function<std::optional<std::string>(const std::string&)>& get,
                         const std::vector<std::string>& present_names);
  static Config from_process_env();

  struct Variable {
    std::string name, default_value, description;
  };
  // Every variable with its default and meaning: the README table is checked
  // against this list by a test.
  static const std::vector<Variable>& variables();
};

}  // namespace agora
