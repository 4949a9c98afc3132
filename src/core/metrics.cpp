#include "core/metrics.hpp"

#include <cstdio>

namespace agora::metrics {
namespace {

void add_atomic(std::atomic<double>& a, double v) {
  double cur = a.load(std::memory_order_relaxed);
  while (!a.compare_exchange_weak(cur, cur + v, std::memory_order_relaxed)) {}
}

std::string number(double v) {
  char buf[40];
  (void)std::snprintf(buf, sizeof buf, "%.17g", v);  // (void): "%.17g" of a double fits in 40 bytes
  return buf;
}

}  // namespace

void Counter::inc(double v) { add_atomic(value_, v); }
void Gauge::add(double v) { add_atomic(value_, v); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i] = 0;
}

void Histogram::observe(double v) {
  std::size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  add_atomic(sum_, v);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void Histogram::render(std::string& out, const std::string& name, const std::string& labels) const {
  // Labels arrive as `{a="b"}` or empty; `le` is merged into the same braces.
  const std::string inner = labels.empty() ? "" : labels.substr(1, labels.size() - 2) + ",";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    const std::string le = i < bounds_.size() ? number(bounds_[i]) : "+Inf";
    out += name + "_bucket{" + inner + "le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
  }
  out += name + "_sum" + labels + " " + number(sum_.load(std::memory_order_relaxed)) + "\n";
  out += name + "_count" + labels + " " + std::to_string(count_.load(std::memory_order_relaxed)) + "\n";
}

std::string labels(std::initializer_list<std::pair<std::string_view, std::string_view>> kv) {
  if (kv.size() == 0) return {};
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : kv) {
    if (!first) out.push_back(',');
    first = false;
    out.append(k);
    out += "=\"";
    for (char c : v) {
      if (c == '\\') out += "\\\\";
      else if (c == '"') out += "\\\"";
      else if (c == '\n') out += "\\n";
      else out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

Registry& Registry::global() {
  static Registry r;
  return r;
}

Registry::Family& Registry::family(std::string_view name, std::string_view type, std::string_view help) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{}).first;
    it->second.type = std::string(type);
    it->second.help = std::string(help);
  }
  return it->second;
}

Counter& Registry::counter(std::string_view name, std::string_view help, const std::string& labels) {
  std::lock_guard lock(mu_);
  auto& f = family(name, "counter", help);
  auto& slot = f.counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, const std::string& labels) {
  std::lock_guard lock(mu_);
  auto& f = family(name, "gauge", help);
  auto& slot = f.gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::histogram(std::string_view name, std::string_view help, const std::string& labels,
                               const std::vector<double>& bounds) {
  std::lock_guard lock(mu_);
  auto& f = family(name, "histogram", help);
  auto& slot = f.histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(bounds);
  return *slot;
}

int Registry::add_collector(std::function<void(std::string&)> collector) {
  std::lock_guard lock(mu_);
  collectors_.emplace(++next_collector_, std::move(collector));
  return next_collector_;
}

void Registry::remove_collector(int id) {
  std::lock_guard lock(mu_);
  collectors_.erase(id);
}

std::string Registry::render() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + f.type + "\n";
    for (const auto& [l, c] : f.counters) out += name + l + " " + number(c->value()) + "\n";
    for (const auto& [l, g] : f.gauges) out += name + l + " " + number(g->value()) + "\n";
    for (const auto& [l, h] : f.histograms) h->render(out, name, l);
  }
  for (const auto& [id, c] : collectors_) c(out);
  return out;
}

const std::vector<double>& Registry::default_latency_bounds() {
  static const std::vector<double> b = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                        0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  return b;
}

}  // namespace agora::metrics
