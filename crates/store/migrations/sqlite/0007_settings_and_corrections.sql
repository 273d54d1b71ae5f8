-- Site settings edited in the newsroom; a key that is absent keeps the
-- value the server was started with.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A correction is not an update: it says the article was wrong.
ALTER TABLE articles ADD COLUMN correction_note TEXT;
ALTER TABLE articles ADD COLUMN corrected_at INTEGER;
