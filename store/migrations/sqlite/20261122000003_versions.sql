-- The referrer is the practitioner whose decision makes a plan final.
ALTER TABLE participants ADD COLUMN is_referrer INTEGER NOT NULL DEFAULT 0;

-- Saved versions of a meeting's plan, on a hash chain: hash is the SHA-256 of rendering (the
-- canonical JSON of the version, which names previous_hash), so changing any stored version
-- breaks every link after it. state is the encoded Yjs document the rendering was made from.
CREATE TABLE plan_versions (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    number BIGINT NOT NULL,
    label TEXT NOT NULL,
    author TEXT NOT NULL,
    author_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    state BLOB NOT NULL,
    rendering TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    previous_hash TEXT,
    UNIQUE (meeting_id, number)
);

-- A version proposed for agreement. At most one is open per meeting.
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

-- Each person's decision on a proposal, bound to the hash of the version they decided on.
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

-- Documents nobody may change: a plan proposed for agreement, or final.
CREATE TABLE document_locks (
    document TEXT PRIMARY KEY NOT NULL,
    reason TEXT NOT NULL,
    locked_at BIGINT NOT NULL
);
