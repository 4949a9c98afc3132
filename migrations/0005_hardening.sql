-- Hardening (issue 10): bounded full-text indexing, which content shows which
-- media file (private communities keep theirs private), and trusted devices
-- that let an account's owner sign in while someone else is guessing.

-- PostgreSQL's text-search parser takes time superlinear in the length of a
-- run without spaces on some inputs ('a_' repeated 10,000 times: 3.5 s, past
-- the statement timeout). Cutting such runs every 64 characters makes it
-- linear (the same 20 KB: 23 ms); words that long are not words a reader
-- searches for. Every generated search column goes through this function.
CREATE FUNCTION agora_search_text(body text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
RETURN regexp_replace(body, '(\S{64})', '\1 ', 'g');

ALTER TABLE posts DROP COLUMN search;
ALTER TABLE posts ADD COLUMN search tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', agora_search_text(title)), 'A') ||
  setweight(to_tsvector('english', agora_search_text(body_md)), 'B') ||
  setweight(array_to_tsvector(tags), 'A')) STORED;
CREATE INDEX posts_search_idx ON posts USING gin (search);

ALTER TABLE comments DROP COLUMN search;
ALTER TABLE comments ADD COLUMN search tsvector GENERATED ALWAYS AS (
  to_tsvector('english', agora_search_text(body_md))) STORED;
CREATE INDEX comments_search_idx ON comments USING gin (search);

-- Which post or comment shows (or links to) which uploaded file, kept by
-- every write of a body. A file may be read by whoever may read one of the
-- visible texts that show it, by its uploader, and by anyone when it is an
-- avatar; see src/uploads/access.cpp.
CREATE TABLE media_refs (
  sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  post_id    bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  comment_id bigint REFERENCES comments (id) ON DELETE CASCADE  -- NULL: the post's own body
);
CREATE UNIQUE INDEX media_refs_key ON media_refs (sha256, post_id, coalesce(comment_id, 0));
CREATE INDEX media_refs_source_idx ON media_refs (post_id, comment_id);
CREATE INDEX users_avatar_idx ON users (avatar_url) WHERE avatar_url IS NOT NULL;

-- A browser that has signed in to an account before carries a device token
-- (a cookie; only its digest is stored). Failed sign-ins are counted per
-- login name and, separately, per trusted device: someone guessing a
-- password from elsewhere cannot lock the owner's own browser out.
CREATE TABLE trusted_devices (
  token_hash   text PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trusted_devices_user_idx ON trusted_devices (user_id);
CREATE INDEX trusted_devices_used_idx ON trusted_devices (last_used_at);
