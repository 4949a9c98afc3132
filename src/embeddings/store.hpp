#pragma once
// The embeddings table and its models (migrations/0009_embeddings.sql;
// 0010 keeps vectors inline).
// Each model has its own partial HNSW index over
// (embedding::vector(<dimensions>)) WHERE model = '<name>'; every vector
// query of a model goes through distance_sql() so it matches that index.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"

namespace agora::embeddings {

struct Model {
  std::string name;
  int dimensions = 0;
  std::string state;  // backfilling, active, retired
};

Task<std::optional<Model>> find_model(db::Queryable& db, const std::string& name);
Task<std::vector<Model>> models(db::Queryable& db);

// Registers the model (the first one registered is active at once; later
// ones backfill beside it until activated) and creates its HNSW index if
// missing. Throws std::invalid_argument when the name is already registered
// with another dimension or the name is not one a SQL literal may hold.
Task<Model> register_model(db::Queryable& db, const std::string& name, int dimensions);

// Makes `name` the active model and retires the one before it.
Task<void> activate(db::Queryable& db, const std::string& name);

// Deletes a retired model's vectors and index.
Task<void> drop(db::Queryable& db, const std::string& name);

std::string index_name(const std::string& model);

// "(<alias>.embedding::vector(N) <=> $<param>::vector(N))": cosine distance,
// 0 (same direction) to 2, in the form the model's index answers.
std::string distance_sql(const Model& model, const std::string& alias, int param);
// "<alias>.model = '<name>' AND <alias>.target_kind = 'post'": the index's
// predicate, as a literal so the planner can match it.
std::string posts_of_model_sql(const Model& model, const std::string& alias);

// Stored digests (raw 32 bytes) of these posts for the model; absent: none.
Task<std::vector<std::pair<std::int64_t, std::string>>> stored_digests(db::Queryable& db, const Model& model,
                                                                       const std::vector<std::int64_t>& post_ids);

Task<void> upsert_post(db::Queryable& tx, const Model& model, std::int64_t post_id, const std::string& digest,
                       const std::vector<float>& vector);

}  // namespace agora::embeddings
