#pragma once
// Prometheus metrics registry. Series are created on first use and live for the
// process; values are atomics so the hot path takes a lock only to find the
// series (a small map), never while formatting /metrics output.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace agora::metrics {

class Counter {
 public:
  void inc(double v = 1.0);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double v);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);
  void render(std::string& out, const std::string& name, const std::string& labels) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // one per bound, plus +Inf
  std::atomic<double> sum_{0.0};
  std::atomic<std::uint64_t> count_{0};
};

// Label set rendered as `{a="x",b="y"}` with Prometheus escaping.
std::string labels(std::initializer_list<std::pair<std::string_view, std::string_view>> kv);

class Registry {
 public:
  static Registry& global();

  Counter& counter(std::string_view name, std::string_view help, const std::string& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const std::string& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, const std::string& labels = {},
                       const std::vector<double>& bounds = default_latency_bounds());

  // Collectors append whole families computed at scrape time (pool sizes…).
  // Returns an id for remove_collector (owners that can die before the process).
  int add_collector(std::function<void(std::string&)> collector);
  void remove_collector(int id);

  std::string render() const;
  static const std::vector<double>& default_latency_bounds();

 private:
  struct Family {
    std::string type, help;
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  Family& family(std::string_view name, std::string_view type, std::string_view help);

  mutable std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;
  std::map<int, std::function<void(std::string&)>> collectors_;
  int next_collector_ = 0;
};

}  // namespace agora::metrics
