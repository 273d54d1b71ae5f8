-- One-time sign-in links (`dateline user sign-in-link`); only the token's
-- hash is stored, and a link is deleted when it is used.
CREATE TABLE sign_in_links (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
