-- Fronts: the home page and section pages as editors arrange them. Every
-- save is a new version, so a front's history is its rows.
CREATE TABLE front_versions (
    -- "home" or "section:ID"
    front      TEXT NOT NULL,
    version    BIGINT NOT NULL,
    -- JSON: {"lead": ID or null, "top": [ID or null, ...]}
    layout     TEXT NOT NULL,
    saved_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    saved_at   BIGINT NOT NULL,
    PRIMARY KEY (front, version)
);
