-- Notes between a story's writer and its editors, kept with the article:
-- alone, or with the workflow step they explain ("returned to draft").
CREATE TABLE article_notes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    -- The article's version when the note was written.
    version    INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- "note", or the workflow step it came with ("return-to-draft", …).
    step       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX article_notes_by_article ON article_notes (article_id, id);
