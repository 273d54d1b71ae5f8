-- Typed events: a kind and what it is about (an article, a wire item), or
-- nothing for site-wide events; no more article id 0. The follower keeps
-- the order (core::event::FollowCursor); SQLite's one writer commits in
-- sequence order anyway.
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    subject_id INTEGER,
    created_at INTEGER NOT NULL
);
INSERT INTO events (seq, kind, subject_id, created_at)
SELECT seq,
       CASE WHEN article_id = 0 AND kind = 'site' THEN 'settings'
            WHEN article_id = 0 THEN 'catalog'
            ELSE kind END,
       NULLIF(article_id, 0),
       created_at
FROM publish_events;
DROP TABLE publish_events;

-- A live article's edits wait as a pending version until they are
-- published as an update, a correction or a minor fix.
ALTER TABLE articles ADD COLUMN pending_version INTEGER;

-- A revision keeps the whole input (filing included) and what it was:
-- saved, pending, minor-fix, update, correction, restored.
ALTER TABLE revisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'saved';
ALTER TABLE revisions ADD COLUMN note TEXT;
ALTER TABLE revisions ADD COLUMN section TEXT;
ALTER TABLE revisions ADD COLUMN tags TEXT;
ALTER TABLE revisions ADD COLUMN authors TEXT;
ALTER TABLE revisions ADD COLUMN sources TEXT;
ALTER TABLE revisions ADD COLUMN provenance TEXT;
ALTER TABLE revisions ADD COLUMN editor TEXT;
ALTER TABLE revisions ADD COLUMN image_media_id INTEGER;

-- Which version an override was given for, and what it let through.
ALTER TABLE check_overrides ADD COLUMN version INTEGER;
ALTER TABLE check_overrides ADD COLUMN action TEXT;

-- Names are looked up as typed in the newsroom.
CREATE INDEX sections_by_name ON sections (name);
CREATE INDEX authors_by_name ON authors (name);
CREATE INDEX tags_by_name ON tags (name);
