-- Articles written in the newsroom: who started them, an optimistic-lock
-- version, and every saved state as a revision.
ALTER TABLE articles ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN created_by BIGINT REFERENCES users (id);
ALTER TABLE articles ADD COLUMN modified_at BIGINT;

CREATE TABLE revisions (
    article_id    BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version       BIGINT NOT NULL,
    headline      TEXT NOT NULL,
    standfirst    TEXT,
    dateline      TEXT,
    body_markdown TEXT NOT NULL,
    saved_by      BIGINT REFERENCES users (id),
    saved_at      BIGINT NOT NULL,
    PRIMARY KEY (article_id, version)
);
