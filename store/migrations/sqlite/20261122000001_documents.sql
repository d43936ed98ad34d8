-- Settings the server keeps for itself, such as the generated token signing secret.
CREATE TABLE settings (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- The append-only log of accepted Yjs updates, one row per update, numbered per document.
-- An update is committed here before any other connection is sent it.
CREATE TABLE document_updates (
    document TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (document, seq)
);

-- The compacted state of a document: every update up to and including last_seq, merged.
-- Loading a document is its snapshot plus the updates after last_seq.
CREATE TABLE document_snapshots (
    document TEXT PRIMARY KEY NOT NULL,
    state BLOB NOT NULL,
    last_seq BIGINT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
