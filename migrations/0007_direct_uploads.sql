-- Direct uploads (AGORA_STORAGE=s3): the browser PUTs an image straight to
-- the bucket under a staging key, with a URL presigned for exactly its media
-- type and length; then agora checks it like any upload and stores it under
-- its content name. A row is the permission: who may complete which staging
-- object, until when. Expired rows are purged by housekeeping; the bucket's
-- lifecycle rule deletes staging objects nobody completed.
CREATE TABLE direct_uploads (
  id           text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{43}$'),  -- random; also the staging key
  owner_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
  bytes        integer NOT NULL CHECK (bytes > 0),
  expires_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX direct_uploads_expiry_idx ON direct_uploads (expires_at);
