-- An editor published over the editorial checks' errors: who, when, why,
-- and what the checks found. Kept with the article's history.
CREATE TABLE check_overrides (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id),
    reason     TEXT NOT NULL,
    findings   TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX check_overrides_by_article ON check_overrides (article_id, created_at);
