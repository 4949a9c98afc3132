-- Background work (docs/adr/0078-background-work.md).
--
-- `jobs` is both the transactional outbox and the Postgres queue: a domain
-- write inserts its jobs in its own transaction, so a job exists exactly when
-- the write committed. With AGORA_QUEUE=postgres, workers claim ready rows
-- with FOR UPDATE SKIP LOCKED; with AGORA_QUEUE=sqs, `agora relay` moves ready
-- rows to SQS in id order and marks them relayed.
CREATE TABLE jobs (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  queue           text NOT NULL CHECK (queue IN ('emails', 'analytics', 'jobs')),
  kind            text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.-]{0,63}$'),
  payload         jsonb NOT NULL DEFAULT '{}',
  -- Jobs with the same key are relayed in id order (e.g. one post's edits).
  ordering_key    text CHECK (char_length(ordering_key) <= 200),
  -- A second enqueue with the same key is a no-op while the first is kept.
  idempotency_key text UNIQUE CHECK (char_length(idempotency_key) <= 200),
  trace_id        text CHECK (trace_id ~ '^[0-9a-f]{32}$'),
  state           text NOT NULL DEFAULT 'ready'
                  CHECK (state IN ('ready', 'running', 'done', 'dead', 'relayed')),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- NULL: the worker's AGORA_JOB_MAX_ATTEMPTS.
  max_attempts    integer CHECK (max_attempts BETWEEN 1 AND 100),
  run_at          timestamptz NOT NULL DEFAULT now(),
  -- A claim: who holds the job, until when, and the token that fences a
  -- worker whose lease expired from completing a job someone else now runs.
  lease_token     uuid,
  leased_by       text,
  lease_until     timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  finished_at     timestamptz,
  CHECK ((state = 'running') = (lease_token IS NOT NULL AND lease_until IS NOT NULL))
);
CREATE INDEX jobs_ready_idx ON jobs (run_at, id) WHERE state = 'ready';
CREATE INDEX jobs_relay_idx ON jobs (id) WHERE state = 'ready';
CREATE INDEX jobs_leases_idx ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_dead_idx ON jobs (id) WHERE state = 'dead';
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE state IN ('done', 'relayed');

-- Workers LISTEN on agora_jobs; a notification is delivered at commit (and
-- never for a rolled-back insert), and one per transaction is enough.
CREATE FUNCTION jobs_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('agora_jobs', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER jobs_notify AFTER INSERT ON jobs FOR EACH STATEMENT EXECUTE FUNCTION jobs_notify();

-- Jobs delivered by SQS (at least once): a worker records the job id here in
-- the transaction of the job's database effects, so a second delivery of the
-- same message finds it and does nothing.
CREATE TABLE job_receipts (
  job_id  bigint PRIMARY KEY,
  done_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_receipts_done_idx ON job_receipts (done_at);

-- Scheduled jobs: each replica's scheduler tries to move next_run_at forward;
-- the one whose UPDATE matches enqueues the run, so it happens once.
CREATE TABLE job_schedules (
  name        text PRIMARY KEY,
  next_run_at timestamptz NOT NULL,
  last_run_at timestamptz,
  last_job_id bigint
);

-- Secrets the replicas share and nobody configures: created once, on first use.
-- What `diagnostics.touch` jobs did: how many times each job's effect ran
-- (the crash test and `agora admin jobs ping` check that it is exactly once).
CREATE TABLE job_diagnostics (
  job_id  bigint PRIMARY KEY,
  runs    integer NOT NULL,
  done_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE site_secrets (
  name       text PRIMARY KEY,
  secret     bytea NOT NULL CHECK (octet_length(secret) >= 32),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The dev mailbox keeps what SMTP would have sent, once per job.
ALTER TABLE dev_mailbox
  ADD COLUMN job_id    bigint UNIQUE,
  ADD COLUMN html_body text,
  ADD COLUMN headers   jsonb NOT NULL DEFAULT '{}';

-- How each kind of notification reaches a user by email. No row means the
-- defaults: replies and mentions at once, everything else in a daily digest.
CREATE TABLE email_preferences (
  user_id    bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  replies    text NOT NULL DEFAULT 'immediate' CHECK (replies IN ('immediate', 'daily', 'weekly', 'off')),
  mentions   text NOT NULL DEFAULT 'immediate' CHECK (mentions IN ('immediate', 'daily', 'weekly', 'off')),
  activity   text NOT NULL DEFAULT 'daily' CHECK (activity IN ('immediate', 'daily', 'weekly', 'off')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Which notifications each user's digests have already covered.
CREATE TABLE email_digests (
  user_id            bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  frequency          text NOT NULL CHECK (frequency IN ('daily', 'weekly')),
  last_notification  bigint NOT NULL DEFAULT 0,
  last_sent_at       timestamptz,
  PRIMARY KEY (user_id, frequency)
);

-- Addresses nothing is sent to: hard bounces and complaints (from SES
-- through SNS). Stored lower-cased.
CREATE TABLE email_suppressions (
  email      text PRIMARY KEY CHECK (email = lower(email)),
  reason     text NOT NULL CHECK (reason IN ('bounce', 'complaint')),
  detail     text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Analytics: raw events (one per job, so a repeated delivery adds nothing),
-- kept for 90 days, and the rollups the admin statistics read.
CREATE TABLE analytics_events (
  job_id       bigint NOT NULL,
  seq          integer NOT NULL DEFAULT 0,  -- several events in one job (batched views)
  name         text NOT NULL CHECK (name IN ('view', 'signup', 'post', 'comment', 'vote', 'subscription')),
  user_id      bigint,
  community_id bigint,
  amount       integer NOT NULL DEFAULT 1 CHECK (amount > 0),
  occurred_at  timestamptz NOT NULL,
  -- When the worker stored it: a rollup recomputes the buckets of what was
  -- stored since the previous run, however late the event came.
  stored_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, seq)
);
CREATE INDEX analytics_events_time_idx ON analytics_events (occurred_at);
CREATE INDEX analytics_events_stored_idx ON analytics_events (stored_at);

CREATE TABLE analytics_hourly (
  hour   timestamptz NOT NULL,
  name   text NOT NULL,
  events bigint NOT NULL,
  users  bigint NOT NULL,
  PRIMARY KEY (hour, name)
);

CREATE TABLE analytics_daily (
  day    date NOT NULL,
  name   text NOT NULL,
  events bigint NOT NULL,
  users  bigint NOT NULL,
  PRIMARY KEY (day, name)
);

-- One row per user and day with any activity: daily and monthly active
-- users are counts over it (distinct users cannot be summed across days).
CREATE TABLE analytics_active_users (
  day     date NOT NULL,
  user_id bigint NOT NULL,
  PRIMARY KEY (day, user_id)
);
