-- Embeddings (docs/adr/0082-semantic-search.md): one row per model and
-- target, with a digest of the text it was computed from, so an edit that
-- leaves the embedded text alone costs no model run, and a new model can
-- fill in beside the active one before it takes over.
CREATE TABLE embedding_models (
  name         text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
  dimensions   integer NOT NULL CHECK (dimensions BETWEEN 1 AND 2000),  -- HNSW's limit for vector
  state        text NOT NULL DEFAULT 'backfilling' CHECK (state IN ('backfilling', 'active', 'retired')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz
);
-- At most one model answers queries at a time.
CREATE UNIQUE INDEX embedding_models_one_active ON embedding_models ((true)) WHERE state = 'active';

-- The vector column has no fixed size so models of any dimension share the
-- table; each model gets its own partial HNSW index over
-- (embedding::vector(<dimensions>)), created when the model is registered
-- (src/embeddings/store.cpp), and queries use that same expression.
CREATE TABLE embeddings (
  model       text NOT NULL REFERENCES embedding_models (name) ON DELETE CASCADE,
  target_kind text NOT NULL CHECK (target_kind IN ('post')),
  target_id   bigint NOT NULL,
  digest      bytea NOT NULL CHECK (length(digest) = 32),  -- SHA-256 of the embedded text
  embedding   vector NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model, target_kind, target_id)
);
-- Posts go away with their embeddings (a post's row is rarely deleted; a
-- removed or deleted post keeps its row and is filtered by state).
CREATE FUNCTION agora_drop_post_embeddings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM embeddings WHERE target_kind = 'post' AND target_id = OLD.id;
  RETURN OLD;
END $$;
CREATE TRIGGER posts_drop_embeddings AFTER DELETE ON posts
  FOR EACH ROW EXECUTE FUNCTION agora_drop_post_embeddings();
