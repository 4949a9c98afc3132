-- Accounts: users, sessions, one-time tokens, the dev mailbox and the shared
-- rate-limit counters. Limits here mirror the validation in
-- src/accounts/validation.cpp so the database refuses what the API refuses.

CREATE TABLE users (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email             text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
  username          text NOT NULL CHECK (username ~ '^[A-Za-z0-9_]{3,32}$'),
  password_hash     text NOT NULL,
  role              text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator', 'admin')),
  email_verified_at timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
-- Case-insensitive uniqueness: "Alice" and "alice" are the same person.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- Opaque session tokens are stored only as their SHA-256 digest.
CREATE TABLE sessions (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  client_ip  text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Single-use, expiring tokens for email verification and password reset.
CREATE TABLE account_tokens (
  token_hash text PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
  email      text NOT NULL,  -- the address the token was sent to
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

-- Until outbound email exists, messages land here; admins read them through
-- GET /api/v1/admin/mailbox.
CREATE TABLE dev_mailbox (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  to_address text NOT NULL,
  subject    text NOT NULL,
  body       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Fixed-window counters shared by every replica. UNLOGGED: losing them in a
-- crash only resets the windows, and it spares the WAL traffic.
CREATE UNLOGGED TABLE rate_limit_counters (
  key          text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL
);
