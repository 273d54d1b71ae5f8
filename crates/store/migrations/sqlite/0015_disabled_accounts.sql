-- An account an admin disabled: it cannot sign in, and its sessions end.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
