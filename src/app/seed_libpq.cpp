#include "app/seed_libpq.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <memory>
#include <stdexcept>

namespace agora::app::seeding {
namespace {

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultFree>;

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil
// inverse, proleptic Gregorian).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = std::int64_t(yoe) + era * 400 + (m <= 2);
}

void two_digits(std::string& out, unsigned v) {
  out.push_back(char('0' + v / 10));
  out.push_back(char('0' + v % 10));
}

}  // namespace

PgSession::PgSession(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
  if (!conn_) throw std::runtime_error("out of memory connecting to the database");
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string why = trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw std::runtime_error("cannot connect to the database: " + why);
  }
}

PgSession::~PgSession() {
  if (conn_) PQfinish(conn_);
}

void PgSession::exec(const std::string& sql) {
  Result r(PQexec(conn_, sql.c_str()));
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw std::runtime_error(trimmed(r ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_)));
}

std::vector<std::vector<std::optional<std::string>>> PgSession::query(const std::string& sql) {
  Result r(PQexec(conn_, sql.c_str()));
  if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK)
    throw std::runtime_error(trimmed(r ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_)));
  std::vector<std::vector<std::optional<std::string>>> rows(std::size_t(PQntuples(r.get())));
  for (int i = 0; i < PQntuples(r.get()); ++i)
    for (int j = 0; j < PQnfields(r.get()); ++j)
      rows[std::size_t(i)].push_back(
          PQgetisnull(r.get(), i, j) ? std::nullopt : std::optional<std::string>(PQgetvalue(r.get(), i, j)));
  return rows;
}

std::string PgSession::scalar(const std::string& sql) {
  auto rows = query(sql);
  if (rows.empty() || rows[0].empty()) throw std::runtime_error("no result for: " + sql);
  return rows[0][0].value_or("");
}

void PgSession::copy_start(const std::string& copy_sql) {
  Result r(PQexec(conn_, copy_sql.c_str()));
  if (!r || PQresultStatus(r.get()) != PGRES_COPY_IN)
    throw std::runtime_error(trimmed(r ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_)));
}

void PgSession::copy_send(std::string_view data) {
  if (data.empty()) return;
  if (PQputCopyData(conn_, data.data(), int(data.size())) != 1)
    throw std::runtime_error("COPY failed: " + trimmed(PQerrorMessage(conn_)));
}

void PgSession::copy_finish() {
  if (PQputCopyEnd(conn_, nullptr) != 1) throw std::runtime_error("COPY failed: " + trimmed(PQerrorMessage(conn_)));
  std::string error;
  while (PGresult* raw = PQgetResult(conn_)) {
    Result r(raw);
    if (PQresultStatus(raw) != PGRES_COMMAND_OK && error.empty()) error = trimmed(PQresultErrorMessage(raw));
  }
  if (!error.empty()) throw std::runtime_error(error);
}

void CopyBuffer::separator() {
  if (row_open_) data_.push_back('\t');
  row_open_ = true;
}

CopyBuffer& CopyBuffer::field(std::int64_t v) {
  separator();
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  data_.append(buf, end);
  return *this;
}

CopyBuffer& CopyBuffer::field(std::string_view text) {
  separator();
  for (char c : text) {
    switch (c) {
      case '\\':
        data_ += "\\\\";
        break;
      case '\t':
        data_ += "\\t";
        break;
      case '\n':
        data_ += "\\n";
        break;
      case '\r':
        data_ += "\\r";
        break;
      default:
        data_.push_back(c);
    }
  }
  return *this;
}

CopyBuffer& CopyBuffer::null() {
  separator();
  data_ += "\\N";
  return *this;
}

CopyBuffer& CopyBuffer::timestamp(std::int64_t unix_us) {
  separator();
  constexpr std::int64_t kUsPerDay = 86'400'000'000;
  std::int64_t days = unix_us / kUsPerDay, rest = unix_us % kUsPerDay;
  if (rest < 0) {
    rest += kUsPerDay;
    --days;
  }
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  const auto secs = unsigned(rest / 1'000'000), micros = unsigned(rest % 1'000'000);
  data_ += std::to_string(y);
  data_.push_back('-');
  two_digits(data_, m);
  data_.push_back('-');
  two_digits(data_, d);
  data_.push_back(' ');
  two_digits(data_, secs / 3600);
  data_.push_back(':');
  two_digits(data_, secs / 60 % 60);
  data_.push_back(':');
  two_digits(data_, secs % 60);
  data_.push_back('.');
  char frac[7];
  for (int i = 5, v = int(micros); i >= 0; --i, v /= 10) frac[i] = char('0' + v % 10);
  data_.append(frac, 6);
  data_ += "+00";
  return *this;
}

CopyBuffer& CopyBuffer::end_row() {
  data_.push_back('\n');
  row_open_ = false;
  return *this;
}

}  // namespace agora::app::seeding
