-- pgvector powers semantic search, related posts and duplicate detection.
-- Locally the cluster script creates it as superuser (this is then a no-op);
-- on RDS the migration role holds rds_superuser.
CREATE EXTENSION IF NOT EXISTS vector;
