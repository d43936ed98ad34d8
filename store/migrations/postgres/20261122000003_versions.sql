-- The same tables as the SQLite migration of the same number.
ALTER TABLE participants ADD COLUMN is_referrer BIGINT NOT NULL DEFAULT 0;

CREATE TABLE plan_versions (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    number BIGINT NOT NULL,
    label TEXT NOT NULL,
    author TEXT NOT NULL,
    author_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    state BYTEA NOT NULL,
    rendering TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    previous_hash TEXT,
    UNIQUE (meeting_id, number)
);

CREATE TABLE proposals (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    version_id TEXT NOT NULL REFERENCES plan_versions (id),
    version_hash TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'withdrawn', 'final')),
    closed_at BIGINT
);
CREATE INDEX proposals_meeting ON proposals (meeting_id, proposed_at);

CREATE TABLE decisions (
    id TEXT PRIMARY KEY NOT NULL,
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    version_hash TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    decision TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    decided_at BIGINT NOT NULL,
    UNIQUE (proposal_id, decided_by)
);

CREATE TABLE document_locks (
    document TEXT PRIMARY KEY NOT NULL,
    reason TEXT NOT NULL,
    locked_at BIGINT NOT NULL
);
