-- An edited post is a domain event like a new one: the outbox carries it
-- (analytics now; the embedding of the new text in the AI work), so the
-- analytics table accepts its name.
ALTER TABLE analytics_events DROP CONSTRAINT analytics_events_name_check;
ALTER TABLE analytics_events ADD CONSTRAINT analytics_events_name_check
  CHECK (name IN ('view', 'signup', 'post', 'post_edited', 'comment', 'vote', 'subscription'));
