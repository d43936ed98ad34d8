-- The same tables as the SQLite migration of the same number; times are Unix milliseconds.
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

CREATE TABLE join_links (
    id TEXT PRIMARY KEY NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants (id),
    secret_hash TEXT NOT NULL UNIQUE,
    access_code_hash TEXT,
    failed_code_attempts BIGINT NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX join_links_participant ON join_links (participant_id);

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

CREATE TABLE audit_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at BIGINT NOT NULL,
    meeting_id TEXT,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    address TEXT
);
CREATE INDEX audit_events_meeting ON audit_events (meeting_id, id);

-- The audit log is append-only.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TABLE meeting_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id TEXT,
    occurred_at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL
);
