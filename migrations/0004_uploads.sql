-- Uploaded images (posts, avatars). The bytes live in storage under a name
-- derived from their content, <sha256>.<ext>; this table records who
-- uploaded what, so ownership can be checked (e.g. an avatar must be the
-- user's own upload) and unused files found later. The same bytes uploaded
-- twice by one user are one row; uploaded by two users, two rows and still
-- one stored file. The file is written before its row, so a row always has
-- its file (a crash in between leaves at worst an unreferenced file).
CREATE TABLE uploads (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
  bytes        integer NOT NULL CHECK (bytes > 0),
  width        integer NOT NULL CHECK (width > 0),
  height       integer NOT NULL CHECK (height > 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT uploads_owner_sha256_key UNIQUE (owner_id, sha256)
);
-- Who else references a file: for deleting files no row needs any more.
CREATE INDEX uploads_sha256_idx ON uploads (sha256);
