-- The community core: communities and their members, posts with revisions,
-- threaded comments, votes, subscriptions, notifications, reports, bans and
-- the moderation log. Counters (scores, member and comment counts) are kept
-- in the row they describe, updated in the same statement as the change, so
-- feeds and post pages never count at read time.

-- Profile fields and site-wide suspension.
ALTER TABLE users
  ADD COLUMN display_name    text NOT NULL DEFAULT '' CHECK (char_length(display_name) <= 64),
  ADD COLUMN bio             text NOT NULL DEFAULT '' CHECK (char_length(bio) <= 2000),
  ADD COLUMN avatar_url      text CHECK (char_length(avatar_url) <= 300),
  ADD COLUMN suspended_until timestamptz,
  ADD COLUMN suspend_reason  text;

-- The hot rank (see docs/adr/0012-hot-ranking-without-resurfacing.md): the
-- score's order of magnitude plus the creation time in units of 12.5 hours.
-- It depends only on the score and the creation time, so it is stored and
-- indexed, and a post only moves when it is voted on.
CREATE FUNCTION agora_hot(score integer, created timestamptz) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN
  sign(score) * log(greatest(abs(score), 1)) + (extract(epoch FROM created) - 1700000000) / 45000.0;

CREATE TABLE communities (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug         text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9_-]{1,31}$'),
  name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  description  text NOT NULL DEFAULT '' CHECK (char_length(description) <= 10000),
  rules        text NOT NULL DEFAULT '' CHECK (char_length(rules) <= 10000),
  -- public: anyone reads, members post; restricted: anyone reads, only
  -- moderators post; private: only members read and post.
  visibility   text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'restricted', 'private')),
  created_by   bigint REFERENCES users (id) ON DELETE SET NULL,
  member_count integer NOT NULL DEFAULT 0,
  post_count   integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX communities_slug_key ON communities (slug);
CREATE INDEX communities_browse_idx ON communities (member_count DESC, id DESC);

CREATE TABLE community_members (
  community_id bigint NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role         text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'moderator', 'member')),
  joined_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_members_user_idx ON community_members (user_id);

CREATE TABLE community_bans (
  community_id bigint NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  banned_by    bigint REFERENCES users (id) ON DELETE SET NULL,
  reason       text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
  expires_at   timestamptz,  -- NULL: permanent
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (community_id, user_id)
);

CREATE TABLE posts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id  bigint NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  author_id     bigint REFERENCES users (id) ON DELETE SET NULL,
  title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
  body_md       text NOT NULL DEFAULT '' CHECK (char_length(body_md) <= 40000),
  body_html     text NOT NULL DEFAULT '',
  tags          text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 8),
  -- visible; deleted by its author (kept for the thread); removed by a
  -- moderator (restorable).
  state         text NOT NULL DEFAULT 'visible' CHECK (state IN ('visible', 'deleted', 'removed')),
  upvotes       integer NOT NULL DEFAULT 0,
  downvotes     integer NOT NULL DEFAULT 0,
  score         integer NOT NULL DEFAULT 0,
  hot           double precision NOT NULL,
  comment_count integer NOT NULL DEFAULT 0,
  view_count    bigint NOT NULL DEFAULT 0,
  locked_at     timestamptz,
  pinned_at     timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  edited_at     timestamptz,
  search        tsvector GENERATED ALWAYS AS (
                  setweight(to_tsvector('english', title), 'A') ||
                  setweight(to_tsvector('english', body_md), 'B') ||
                  setweight(array_to_tsvector(tags), 'A')) STORED
);
-- One index per feed order; each is partial on visible posts, so a feed page
-- is an index range scan that stops after the page.
CREATE INDEX posts_community_hot_idx ON posts (community_id, hot DESC, id DESC) WHERE state = 'visible';
CREATE INDEX posts_community_new_idx ON posts (community_id, created_at DESC, id DESC) WHERE state = 'visible';
CREATE INDEX posts_community_top_idx ON posts (community_id, score DESC, id DESC) WHERE state = 'visible';
CREATE INDEX posts_hot_idx ON posts (hot DESC, id DESC) WHERE state = 'visible';
CREATE INDEX posts_new_idx ON posts (created_at DESC, id DESC) WHERE state = 'visible';
CREATE INDEX posts_top_idx ON posts (score DESC, id DESC) WHERE state = 'visible';
CREATE INDEX posts_author_idx ON posts (author_id, id DESC);
CREATE INDEX posts_pinned_idx ON posts (community_id) WHERE pinned_at IS NOT NULL AND state = 'visible';
CREATE INDEX posts_search_idx ON posts USING gin (search);

CREATE TABLE post_revisions (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_id    bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  editor_id  bigint REFERENCES users (id) ON DELETE SET NULL,
  title      text NOT NULL,
  body_md    text NOT NULL,
  tags       text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX post_revisions_post_idx ON post_revisions (post_id, id);

CREATE TABLE comments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_id     bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  parent_id   bigint REFERENCES comments (id) ON DELETE CASCADE,
  -- The top-level comment of this thread (itself when top-level): a post page
  -- loads a page of roots, then their subtrees with one indexed query.
  root_id     bigint NOT NULL,
  depth       integer NOT NULL CHECK (depth BETWEEN 0 AND 64),
  author_id   bigint REFERENCES users (id) ON DELETE SET NULL,
  body_md     text NOT NULL CHECK (char_length(body_md) BETWEEN 1 AND 10000),
  body_html   text NOT NULL,
  state       text NOT NULL DEFAULT 'visible' CHECK (state IN ('visible', 'deleted', 'removed')),
  upvotes     integer NOT NULL DEFAULT 0,
  downvotes   integer NOT NULL DEFAULT 0,
  score       integer NOT NULL DEFAULT 0,
  reply_count integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  edited_at   timestamptz,
  search      tsvector GENERATED ALWAYS AS (to_tsvector('english', body_md)) STORED
);
CREATE INDEX comments_roots_top_idx ON comments (post_id, score DESC, id) WHERE depth = 0;
CREATE INDEX comments_roots_new_idx ON comments (post_id, id DESC) WHERE depth = 0;
CREATE INDEX comments_thread_idx ON comments (root_id, depth, score DESC, id);
CREATE INDEX comments_thread_time_idx ON comments (root_id, depth, id);
CREATE INDEX comments_children_idx ON comments (parent_id, score DESC, id);
CREATE INDEX comments_post_id_idx ON comments (post_id, id);
CREATE INDEX comments_author_idx ON comments (author_id, id DESC);
CREATE INDEX comments_created_idx ON comments (created_at);
CREATE INDEX comments_search_idx ON comments USING gin (search);

-- One row per voter and target. prev_value is written by the upsert so the
-- statement that applies a vote knows exactly what it replaced, even when the
-- same user votes twice at once (see posts/votes in the repo).
CREATE TABLE post_votes (
  post_id    bigint NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  value      smallint NOT NULL CHECK (value IN (-1, 0, 1)),
  prev_value smallint NOT NULL DEFAULT 0,
  voted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (post_id, user_id)
);
CREATE INDEX post_votes_user_idx ON post_votes (user_id, voted_at);
CREATE INDEX post_votes_time_idx ON post_votes (voted_at);

CREATE TABLE comment_votes (
  comment_id bigint NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  value      smallint NOT NULL CHECK (value IN (-1, 0, 1)),
  prev_value smallint NOT NULL DEFAULT 0,
  voted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX comment_votes_user_idx ON comment_votes (user_id, voted_at);

-- Follow a community, watch a post, follow a user. Levels: all (every new
-- post / comment), replies (only replies and mentions), muted (nothing).
CREATE TABLE subscriptions (
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind       text NOT NULL CHECK (kind IN ('community', 'post', 'user')),
  target_id  bigint NOT NULL,
  level      text NOT NULL DEFAULT 'replies' CHECK (level IN ('all', 'replies', 'muted')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, kind, target_id)
);
CREATE INDEX subscriptions_target_idx ON subscriptions (kind, target_id, level);

CREATE TABLE notifications (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('reply', 'mention', 'post', 'mod')),
  actor_id     bigint REFERENCES users (id) ON DELETE SET NULL,
  community_id bigint REFERENCES communities (id) ON DELETE CASCADE,
  post_id      bigint REFERENCES posts (id) ON DELETE CASCADE,
  comment_id   bigint REFERENCES comments (id) ON DELETE CASCADE,
  message      text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  read_at      timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

CREATE TABLE reports (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id bigint NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
  reporter_id  bigint REFERENCES users (id) ON DELETE SET NULL,
  target_type  text NOT NULL CHECK (target_type IN ('post', 'comment')),
  target_id    bigint NOT NULL,
  reason       text NOT NULL CHECK (reason IN ('spam', 'harassment', 'hate', 'violence', 'sexual',
                                                'misinformation', 'off_topic', 'other')),
  details      text NOT NULL DEFAULT '' CHECK (char_length(details) <= 1000),
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'actioned', 'dismissed')),
  resolved_by  bigint REFERENCES users (id) ON DELETE SET NULL,
  resolved_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
-- One open report per reporter and target: repeat clicks do not flood the queue.
CREATE UNIQUE INDEX reports_once_idx ON reports (reporter_id, target_type, target_id) WHERE status = 'open';
CREATE INDEX reports_queue_idx ON reports (community_id, status, id DESC);

-- Every moderator and admin action, append-only.
CREATE TABLE mod_actions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  community_id bigint REFERENCES communities (id) ON DELETE CASCADE,  -- NULL: site-wide
  actor_id     bigint REFERENCES users (id) ON DELETE SET NULL,
  action       text NOT NULL,
  target_type  text NOT NULL,
  target_id    bigint NOT NULL,
  reason       text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mod_actions_community_idx ON mod_actions (community_id, id DESC);
CREATE INDEX mod_actions_site_idx ON mod_actions (id DESC);
