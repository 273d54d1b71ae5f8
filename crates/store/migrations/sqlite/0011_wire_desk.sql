-- The wire desk: agency items (their current version, with every earlier
-- one kept), the stories they are grouped into, and the feeds polled.
CREATE TABLE wire_stories (
    id          INTEGER PRIMARY KEY,
    headline    TEXT NOT NULL,
    first_at    INTEGER,
    latest_at   INTEGER,
    created_at  INTEGER NOT NULL
);

CREATE TABLE wire_items (
    id             INTEGER PRIMARY KEY,
    -- The item's own id (RSS guid, Atom id, ninjs uri, NewsML-G2 guid…).
    item_key       TEXT NOT NULL UNIQUE,
    provider       TEXT NOT NULL,
    format         TEXT NOT NULL,
    headline       TEXT NOT NULL,
    body_text      TEXT NOT NULL,
    body_html      TEXT NOT NULL,
    byline         TEXT,
    published_at   INTEGER,
    updated_at     INTEGER,
    language       TEXT,
    url            TEXT,
    subjects       TEXT NOT NULL,
    images         TEXT NOT NULL,
    format_version INTEGER,
    version        INTEGER NOT NULL,
    embargo_at     INTEGER,
    usage_terms    TEXT,
    copyright      TEXT,
    -- Of the current text's words (wire::versions::fingerprint), as hex.
    fingerprint    TEXT NOT NULL,
    story_id       INTEGER NOT NULL REFERENCES wire_stories (id),
    -- A resend of another item's text under a new id.
    repeat_of      INTEGER REFERENCES wire_items (id),
    received_at    INTEGER NOT NULL
);
CREATE INDEX wire_items_story ON wire_items (story_id);
CREATE INDEX wire_items_fingerprint ON wire_items (fingerprint);
CREATE INDEX wire_items_moment ON wire_items (updated_at);

CREATE TABLE wire_item_versions (
    item_id        INTEGER NOT NULL REFERENCES wire_items (id),
    version        INTEGER NOT NULL,
    headline       TEXT NOT NULL,
    body_text      TEXT NOT NULL,
    body_html      TEXT NOT NULL,
    updated_at     INTEGER,
    format_version INTEGER,
    received_at    INTEGER NOT NULL,
    PRIMARY KEY (item_id, version)
);

CREATE TABLE wire_feeds (
    id               INTEGER PRIMARY KEY,
    url              TEXT NOT NULL UNIQUE,
    provider         TEXT,
    every_seconds    INTEGER NOT NULL,
    etag             TEXT,
    last_modified    TEXT,
    next_poll_at     INTEGER NOT NULL,
    last_success_at  INTEGER,
    last_error       TEXT,
    last_error_at    INTEGER,
    failures         INTEGER NOT NULL DEFAULT 0,
    items_received   INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL
);

-- The agency items an article was started from.
CREATE TABLE article_wire_sources (
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    wire_item_id INTEGER NOT NULL REFERENCES wire_items (id),
    PRIMARY KEY (article_id, wire_item_id)
);
