-- Readers' comments. A reply points at a top-level comment (one level).
-- The email is never shown; it recognises returning commenters and bans.
CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    status       TEXT NOT NULL,
    author_name  TEXT NOT NULL,
    author_email TEXT NOT NULL,
    address      TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    edited_at    INTEGER
);
CREATE INDEX comments_by_article ON comments (article_id, status, parent_id, id);
CREATE INDEX comments_by_status ON comments (status, id);
CREATE INDEX comments_by_address ON comments (address, created_at);
CREATE INDEX comments_by_email ON comments (author_email, status);
CREATE INDEX comments_by_parent ON comments (parent_id);

CREATE TABLE comment_bans (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (kind, value)
);

-- Per article: comments closed by an editor, and a moderation rule that
-- overrides the site's (NULL: the site's).
ALTER TABLE articles ADD COLUMN comments_closed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN comment_moderation TEXT;
