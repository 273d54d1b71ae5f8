-- How a machine draft was made: backend, model, prompt version, the source
-- items at their versions, and each sentence with the passages it rests on.
CREATE TABLE article_drafts (
    article_id     BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    backend        TEXT NOT NULL,
    model          TEXT NOT NULL,
    prompt_version TEXT,
    language       TEXT,
    -- JSON: [{"item": "<own id>", "version": N}]
    items          TEXT NOT NULL,
    -- JSON: [{"text", "sources": [{"item", "quote"}], "supported"}]
    sentences      TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
