#include "embeddings/store.hpp"

#include <stdexcept>

#include "core/crypto.hpp"
#include "embeddings/document.hpp"

namespace agora::embeddings {
namespace {

// Model names end up in SQL as literals and in index names: the same rule
// as the table's CHECK.
void check_name(const std::string& name) {
  const bool ok =
      !name.empty() && name.size() <= 63 &&
      std::all_of(name.begin(), name.end(),
                  [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                  }) &&
      name[0] != '.' && name[0] != '_' && name[0] != '-';
  if (!ok) throw std::invalid_argument("model name '" + name + "' is not lower-case letters, digits, '.', '_', '-'");
}

Model model_of(const db::Result& r, int row) { return Model{r.string(row, 0), int(r.int64(row, 1)), r.string(row, 2)}; }

}  // namespace

Task<std::optional<Model>> find_model(db::Queryable& db, const std::string& name) {
  auto r = co_await db.query("SELECT name, dimensions, state FROM embedding_models WHERE name = $1", db::Params(name));
  if (r.empty()) co_return std::nullopt;
  co_return model_of(r, 0);
}

Task<std::vector<Model>> models(db::Queryable& db) {
  auto r = co_await db.query("SELECT name, dimensions, state FROM embedding_models ORDER BY created_at, name");
  std::vector<Model> out;
  out.reserve(std::size_t(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(model_of(r, i));
  co_return out;
}

std::string index_name(const std::string& model) {
  check_name(model);
  std::string out = "embeddings_hnsw_";
  for (const char c : model) out += (c == '.' || c == '-') ? '_' : c;
  return out;
}

std::string distance_sql(const Model& model, const std::string& alias, int param) {
  const auto dims = std::to_string(model.dimensions);
  return "(" + alias + ".embedding::vector(" + dims + ") <=> $" + std::to_string(param) + "::vector(" + dims + "))";
}

std::string posts_of_model_sql(const Model& model, const std::string& alias) {
  check_name(model.name);
  return alias + ".model = '" + model.name + "' AND " + alias + ".target_kind = 'post'";
}

Task<Model> register_model(db::Queryable& db, const std::string& name, int dimensions) {
  check_name(name);
  if (dimensions < 1 || dimensions > 2000)
    throw std::invalid_argument("a model of " + std::to_string(dimensions) + " dimensions (HNSW indexes 1 to 2000)");
  // The first model is active at once; a unique index allows one active.
  co_await db.query(
      "INSERT INTO embedding_models (name, dimensions, state, activated_at) "
      "SELECT $1, $2, s, CASE s WHEN 'active' THEN now() END FROM (SELECT CASE WHEN EXISTS "
      "(SELECT 1 FROM embedding_models WHERE state = 'active') THEN 'backfilling' ELSE 'active' END s) x "
      "ON CONFLICT DO NOTHING",
      db::Params(name, std::int64_t(dimensions)));
  auto m = co_await find_model(db, name);
  if (!m) throw std::runtime_error("the model '" + name + "' vanished right after it was registered");
  if (m->dimensions != dimensions)
    throw std::invalid_argument("model '" + name + "' is registered with " + std::to_string(m->dimensions) +
                                " dimensions, not " + std::to_string(dimensions));
  // IF NOT EXISTS: every process registers its model at start.
  const auto dims = std::to_string(dimensions);
  co_await db.query("CREATE INDEX IF NOT EXISTS " + index_name(name) +
                    " ON embeddings USING hnsw ((embedding::vector(" + dims + ")) vector_cosine_ops) WHERE model = '" +
                    name + "' AND target_kind = 'post'");
  co_return *m;
}

Task<void> activate(db::Queryable& db, const std::string& name) {
  auto r = co_await db.query(
      "WITH old AS (UPDATE embedding_models SET state = 'retired' WHERE state = 'active' AND name <> $1 RETURNING 1) "
      "UPDATE embedding_models SET state = 'active', activated_at = now() "
      "WHERE name = $1 AND (SELECT count(*) FROM old) >= 0 RETURNING 1",
      db::Params(name));
  if (r.empty()) throw std::invalid_argument("no model named '" + name + "'");
}

Task<void> drop(db::Queryable& db, const std::string& name) {
  auto m = co_await find_model(db, name);
  if (!m) throw std::invalid_argument("no model named '" + name + "'");
  if (m->state == "active") throw std::invalid_argument("'" + name + "' is the active model; activate another first");
  co_await db.query("DROP INDEX IF EXISTS " + index_name(name));
  co_await db.query("DELETE FROM embedding_models WHERE name = $1", db::Params(name));  // cascades to its vectors
}

Task<std::vector<std::pair<std::int64_t, std::string>>> stored_digests(db::Queryable& db, const Model& model,
                                                                       const std::vector<std::int64_t>& post_ids) {
  std::string ids = "{";
  for (std::size_t i = 0; i < post_ids.size(); ++i) ids += (i ? "," : "") + std::to_string(post_ids[i]);
  ids += "}";
  auto r = co_await db.query(
      "SELECT target_id, encode(digest, 'hex') FROM embeddings WHERE model = $1 AND target_kind = 'post' "
      "AND target_id = ANY($2::bigint[])",
      db::Params(model.name, ids));
  std::vector<std::pair<std::int64_t, std::string>> out;
  out.reserve(std::size_t(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    auto raw = crypto::from_hex(r.text(i, 1));
    if (!raw) throw std::runtime_error("a stored digest is not hex");
    out.emplace_back(r.int64(i, 0), std::move(*raw));
  }
  co_return out;
}

Task<void> upsert_post(db::Queryable& tx, const Model& model, std::int64_t post_id, const std::string& digest,
                       const std::vector<float>& vector) {
  if (int(vector.size()) != model.dimensions)
    throw std::invalid_argument("a vector of " + std::to_string(vector.size()) + " dimensions for model '" +
                                model.name + "' of " + std::to_string(model.dimensions));
  co_await tx.query(
      "INSERT INTO embeddings (model, target_kind, target_id, digest, embedding) "
      "VALUES ($1, 'post', $2, decode($3, 'hex'), $4::vector) "
      "ON CONFLICT (model, target_kind, target_id) DO UPDATE SET digest = excluded.digest, "
      "embedding = excluded.embedding, updated_at = now()",
      db::Params(model.name, post_id, crypto::to_hex(digest), vector_literal(vector)));
}

}  // namespace agora::embeddings
