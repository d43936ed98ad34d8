-- Attempts (sign-ins, joins) counted per key in a fixed window, shared by every server process.
-- An attempt is reserved (counted) before its password or code is checked, so a burst of
-- parallel guesses gets no more checks than the limit. Keys are stored as SHA-256 hashes, so
-- the table holds no email or address.
CREATE TABLE attempt_counters (
    key_hash TEXT PRIMARY KEY NOT NULL,
    window_start BIGINT NOT NULL,
    count BIGINT NOT NULL
);
CREATE INDEX attempt_counters_window ON attempt_counters (window_start);
