-- What a feed shows of a post: its body as plain text on one line, at most
-- 280 characters (content::excerpt, written by the server with the body).
-- Feeds showed the first 280 characters of the Markdown itself, markup and
-- all. Posts written before this migration keep NULL until their next edit,
-- and read the old way (posts/json_sql.cpp).
ALTER TABLE posts ADD COLUMN excerpt text CHECK (char_length(excerpt) <= 280);
