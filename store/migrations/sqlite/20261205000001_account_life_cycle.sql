-- Staff accounts can be turned off (and on again) without losing what they did; a disabled
-- account's sessions are ended when it is turned off. Sessions are found by account and by
-- expiry (each server ends the connections of sessions and links as they expire).
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX sessions_link ON sessions (link_id);
CREATE INDEX join_links_expiry ON join_links (expires_at);
