-- Times are Unix seconds (UTC) in INTEGER columns on both backends, so the
-- same SQL and the same row mapping serve SQLite and PostgreSQL.
CREATE TABLE sections (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    media_topic TEXT
);

CREATE TABLE media (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    alt        TEXT NOT NULL DEFAULT '',
    caption    TEXT NOT NULL DEFAULT '',
    credit     TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE media_variants (
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    width    INTEGER NOT NULL,
    height   INTEGER NOT NULL,
    mime     TEXT NOT NULL,
    bytes    BLOB NOT NULL,
    PRIMARY KEY (media_id, width, mime)
);

CREATE TABLE authors (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    role_title      TEXT NOT NULL DEFAULT '',
    bio             TEXT NOT NULL DEFAULT '',
    avatar_media_id INTEGER REFERENCES media (id)
);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    status         TEXT NOT NULL,
    headline       TEXT NOT NULL,
    standfirst     TEXT,
    summary        TEXT NOT NULL,
    dateline       TEXT,
    body_markdown  TEXT NOT NULL,
    body_html      TEXT NOT NULL,
    word_count     INTEGER NOT NULL,
    section_id     INTEGER NOT NULL REFERENCES sections (id),
    image_media_id INTEGER REFERENCES media (id),
    provenance     TEXT NOT NULL,
    editor         TEXT,
    published_at   INTEGER NOT NULL,
    updated_at     INTEGER,
    update_note    TEXT,
    created_at     INTEGER NOT NULL
);
CREATE INDEX articles_by_date ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section_id, status, published_at DESC, id DESC);

CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES authors (id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_authors_by_author ON article_authors (author_id, article_id);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

CREATE TABLE article_sources (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    agency     TEXT NOT NULL,
    url        TEXT,
    content    TEXT,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    author_id     INTEGER REFERENCES authors (id),
    created_at    INTEGER NOT NULL
);

-- Every publish, update or unpublish appends a row; each server instance
-- follows this log to keep its caches and derived views current.
CREATE TABLE publish_events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
