-- Articles written in the newsroom: who started them, an optimistic-lock
-- version, and every saved state as a revision.
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN created_by INTEGER REFERENCES users (id);
ALTER TABLE articles ADD COLUMN modified_at INTEGER;

CREATE TABLE revisions (
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    headline      TEXT NOT NULL,
    standfirst    TEXT,
    dateline      TEXT,
    body_markdown TEXT NOT NULL,
    saved_by      INTEGER REFERENCES users (id),
    saved_at      INTEGER NOT NULL,
    PRIMARY KEY (article_id, version)
);
