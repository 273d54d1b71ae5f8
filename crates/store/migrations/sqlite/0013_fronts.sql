-- Fronts: the home page and section pages as editors arrange them. Every
-- save is a new version, so a front's history is its rows.
CREATE TABLE front_versions (
    -- "home" or "section:ID"
    front      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    -- JSON: {"lead": ID or null, "top": [ID or null, ...]}
    layout     TEXT NOT NULL,
    saved_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    saved_at   INTEGER NOT NULL,
    PRIMARY KEY (front, version)
);
