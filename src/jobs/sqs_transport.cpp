#include "jobs/sqs_transport.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "aws/credentials.hpp"

namespace agora::jobs {

SqsQueues SqsQueues::from(const Config& config) {
  return {config.sqs_emails_url, config.sqs_analytics_url, config.sqs_jobs_url};
}

const std::string& SqsQueues::url(const std::string& name) const {
  if (name == "emails") return emails;
  if (name == "analytics") return analytics;
  if (name == "jobs") return jobs;
  throw std::invalid_argument("no SQS queue for " + name);
}

std::string dead_letter_url(const std::string& queue_url) { return queue_url + "-dlq"; }

namespace {

std::vector<std::string> distinct_urls(const SqsQueues& q) {
  std::vector<std::string> out;
  for (const auto* u : {&q.emails, &q.analytics, &q.jobs})
    if (std::find(out.begin(), out.end(), *u) == out.end()) out.push_back(*u);
  return out;
}

}  // namespace

int redrive_dead_letters(const Sqs& sqs) {
  int moved = 0;
  for (const auto& url : distinct_urls(sqs.queues)) {
    for (;;) {
      aws::ReceiveOptions o;
      o.wait = std::chrono::seconds(1);
      o.visibility_timeout = std::chrono::seconds(60);
      const auto got = sqs.client->receive_now(dead_letter_url(url), o);
      if (got.empty()) break;
      std::vector<aws::SendEntry> send;
      for (std::size_t i = 0; i < got.size(); ++i) {
        aws::SendEntry e{std::to_string(i), got[i].body, got[i].message_attributes, "", ""};
        e.attributes.erase("last_error");
        send.push_back(std::move(e));
      }
      const auto sent = sqs.client->send_batch_now(url, send);
      std::vector<aws::DeleteEntry> remove;
      for (const auto& s : sent.successful) {
        const auto& m = got[std::stoul(s.id)];
        remove.push_back({s.id, m.receipt_handle});
      }
      // A message sent back but not deleted is redriven twice: its job's
      // receipt makes the second run a no-op.
      if (!remove.empty()) sqs.client->delete_batch_now(dead_letter_url(url), remove);
      moved += int(sent.successful.size());
      if (!sent.failed.empty())
        throw std::runtime_error("SQS refused " + std::to_string(sent.failed.size()) +
                                 " redriven messages: " + sent.failed.front().message);
    }
  }
  return moved;
}

std::vector<SqsDepth> sqs_depths(const Sqs& sqs) {
  std::vector<SqsDepth> out;
  for (const auto& url : distinct_urls(sqs.queues)) {
    const auto a =
        sqs.client->get_attributes_now(url, {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"});
    const auto d = sqs.client->get_attributes_now(dead_letter_url(url), {"ApproximateNumberOfMessages"});
    auto get = [](const std::map<std::string, std::string>& m, const char* k) {
      auto it = m.find(k);
      return it == m.end() ? std::string("?") : it->second;
    };
    out.push_back({url, get(a, "ApproximateNumberOfMessages"), get(a, "ApproximateNumberOfMessagesNotVisible"),
                   get(d, "ApproximateNumberOfMessages")});
  }
  return out;
}

std::string message_body(const Job& job) {
  boost::json::object o{{"id", job.id}, {"kind", job.kind}, {"trace_id", job.trace_id}};
  boost::json::error_code ec;
  auto payload = boost::json::parse(job.payload, ec);
  o["payload"] = ec ? boost::json::value(boost::json::object{}) : payload;
  if (job.max_attempts) o["max_attempts"] = *job.max_attempts;
  return boost::json::serialize(o);
}

std::optional<Job> job_of_message(const std::string& body, int attempt) {
  boost::json::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  const auto* id = o.if_contains("id");
  const auto* kind = o.if_contains("kind");
  if (!id || !id->is_int64() || !kind || !kind->is_string()) return std::nullopt;
  Job job;
  job.id = id->as_int64();
  job.kind = std::string(kind->as_string());
  job.queue = std::string(queue_for(job.kind));
  if (const auto* p = o.if_contains("payload")) job.payload = boost::json::serialize(*p);
  if (const auto* t = o.if_contains("trace_id"); t && t->is_string()) job.trace_id = std::string(t->as_string());
  if (const auto* m = o.if_contains("max_attempts"); m && m->is_int64()) job.max_attempts = int(m->as_int64());
  job.attempt = attempt;
  return job;
}

Sqs make_sqs(const Config& config, int threads) {
  Sqs s;
  s.http = std::make_shared<aws::HttpClient>(threads);
  aws::SqsOptions options;
  options.region = config.aws_region;
  options.endpoint = config.sqs_endpoint;
  s.client =
      std::make_shared<aws::SqsClient>(options, aws::credentials_from_process_environment(config.aws_region), s.http);
  s.queues = SqsQueues::from(config);
  return s;
}

}  // namespace agora::jobs
