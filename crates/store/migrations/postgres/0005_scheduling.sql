-- When a scheduled article goes live.
ALTER TABLE articles ADD COLUMN scheduled_at BIGINT;
CREATE INDEX articles_scheduled ON articles (status, scheduled_at);
