-- Staff accounts: facilitators, practitioners and managers. Times are Unix milliseconds.
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('facilitator', 'practitioner', 'manager')),
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('fnm', 'fgc', 'review')),
    scheduled_at BIGINT,
    stage TEXT NOT NULL CHECK (stage IN ('preparation', 'information', 'private-family-time', 'agreement', 'closed')),
    stage_changed_at BIGINT NOT NULL,
    facilitator_id TEXT NOT NULL REFERENCES users (id),
    follows_meeting_id TEXT REFERENCES meetings (id),
    created_at BIGINT NOT NULL
);

-- The family network and the professionals of one meeting. A practitioner with a staff account
-- is linked to it by user_id.
CREATE TABLE participants (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    display_name TEXT NOT NULL,
    relationship TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('family', 'friend', 'child', 'advocate', 'practitioner', 'interpreter', 'observer')),
    language TEXT NOT NULL DEFAULT '',
    access_needs TEXT NOT NULL DEFAULT '',
    user_id TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX participants_meeting ON participants (meeting_id);

-- Join links: only a hash of the secret (and of the access code) is kept.
CREATE TABLE join_links (
    id TEXT PRIMARY KEY NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants (id),
    secret_hash TEXT NOT NULL UNIQUE,
    access_code_hash TEXT,
    failed_code_attempts INTEGER NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX join_links_participant ON join_links (participant_id);

-- Signed-in sessions, for staff (user_id) and for participants who opened a link (participant_id,
-- link_id). The cookie holds a secret whose hash is token_hash; id is what grants refer to.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT REFERENCES users (id),
    participant_id TEXT REFERENCES participants (id),
    link_id TEXT REFERENCES join_links (id),
    expires_at BIGINT NOT NULL,
    ended_at BIGINT,
    created_at BIGINT NOT NULL
);

-- The audit log: append-only, enforced by the triggers below.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at BIGINT NOT NULL,
    meeting_id TEXT,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    address TEXT
);
CREATE INDEX audit_events_meeting ON audit_events (meeting_id, id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

-- Events pushed live to everyone connected to a meeting (stage changes, revoked access, ended
-- sessions). Every server process tails this table, so a change made by the command line or by
-- another process reaches connections within a second.
CREATE TABLE meeting_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id TEXT,
    occurred_at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL
);
