-- Children's data through its whole life: how long each type of record is kept and from what,
-- legal holds that stop deletion, and the tombstones erasures and scheduled deletions leave.

-- A child's date of birth, when recorded: retention may run from it ("until the child is 25").
-- YYYY-MM-DD.
ALTER TABLE participants ADD COLUMN date_of_birth TEXT;

-- An erased meeting keeps its row as a tombstone (its id, so the audit trail and the chains of
-- later reviews still point somewhere), with its title gone.
ALTER TABLE meetings ADD COLUMN erased_at BIGINT;

-- An erased version keeps its number, hash and link to the one before it, so the chain still
-- verifies; its state, rendering, label and author's name are gone.
ALTER TABLE plan_versions ADD COLUMN erased_at BIGINT;

-- How long each type of record is kept: keep_amount keep_units (days, months, years) after
-- from_event: the meeting's closure, its last activity, the youngest child's date of birth, or the
-- record's own date (when it was made; for a link or session, when it expired or ended).
CREATE TABLE retention_rules (
    record_type TEXT PRIMARY KEY NOT NULL CHECK (record_type IN
        ('meeting', 'family-time', 'safety-notes', 'contact-details', 'links-and-sessions', 'audit-events', 'consents')),
    keep_amount BIGINT NOT NULL CHECK (keep_amount > 0),
    keep_unit TEXT NOT NULL CHECK (keep_unit IN ('d', 'm', 'y')),
    from_event TEXT NOT NULL CHECK (from_event IN ('closure', 'last-activity', 'birth', 'record')),
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- The defaults keep records at least as long as the longest common rule for children's social
-- care records (to the child's 25th birthday: a meeting's youngest child is under 18 at its
-- closure), and technical records (links and sessions) two years after they ended.
INSERT INTO retention_rules (record_type, keep_amount, keep_unit, from_event, updated_by, updated_at) VALUES
    ('meeting', 25, 'y', 'closure', 'kinplan', 0),
    ('family-time', 25, 'y', 'closure', 'kinplan', 0),
    ('safety-notes', 25, 'y', 'closure', 'kinplan', 0),
    ('contact-details', 25, 'y', 'closure', 'kinplan', 0),
    ('consents', 25, 'y', 'closure', 'kinplan', 0),
    ('links-and-sessions', 2, 'y', 'record', 'kinplan', 0),
    ('audit-events', 25, 'y', 'record', 'kinplan', 0);

-- A legal hold on a meeting or on one person: nothing under it is deleted, by a rule or an
-- erasure, until it is lifted. A lifted hold is kept, with who lifted it and why.
CREATE TABLE legal_holds (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT REFERENCES meetings (id),
    participant_id TEXT,
    reason TEXT NOT NULL,
    placed_by TEXT NOT NULL,
    placed_at BIGINT NOT NULL,
    lifted_by TEXT,
    lifted_at BIGINT,
    lift_reason TEXT,
    CHECK ((meeting_id IS NULL) <> (participant_id IS NULL))
);

-- What erasures and scheduled deletions left behind: what went, when, by whom and why, and the
-- hashes of the versions erased. A restore from a backup applies these again.
CREATE TABLE erasures (
    id TEXT PRIMARY KEY NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('meeting', 'person', 'records')),
    meeting_id TEXT,
    participant_id TEXT,
    record_type TEXT,
    reason TEXT NOT NULL,
    erased_by TEXT NOT NULL,
    erased_at BIGINT NOT NULL,
    versions TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX erasures_time ON erasures (erased_at);

-- Documents whose content was deleted: nothing may be written to them again, so a live copy
-- still open on some server cannot bring their content back.
CREATE TABLE erased_documents (
    document TEXT PRIMARY KEY NOT NULL,
    erased_at BIGINT NOT NULL
);
CREATE TRIGGER erased_documents_no_updates BEFORE INSERT ON document_updates
WHEN EXISTS (SELECT 1 FROM erased_documents WHERE document = NEW.document)
BEGIN
    SELECT RAISE(ABORT, 'this document was erased');
END;
CREATE TRIGGER erased_documents_no_snapshots BEFORE INSERT ON document_snapshots
WHEN EXISTS (SELECT 1 FROM erased_documents WHERE document = NEW.document)
BEGIN
    SELECT RAISE(ABORT, 'this document was erased');
END;

-- The audit log stays append-only, with two exceptions: an erasure may blank a line's names,
-- details and address (never its time, meeting, actor reference or action), and a retention run
-- may delete lines older than the horizon it sets here in the same transaction.
CREATE TABLE audit_retention (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    purge_before BIGINT NOT NULL
);
INSERT INTO audit_retention (id, purge_before) VALUES (1, 0);

DROP TRIGGER audit_events_no_update;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN NOT (NEW.id = OLD.id AND NEW.occurred_at = OLD.occurred_at AND NEW.meeting_id IS OLD.meeting_id
    AND NEW.actor = OLD.actor AND NEW.action = OLD.action
    AND (NEW.actor_name = OLD.actor_name OR NEW.actor_name = '')
    AND (NEW.detail = OLD.detail OR NEW.detail = '{}')
    AND (NEW.address IS OLD.address OR NEW.address IS NULL))
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: an erasure may only blank names, details and addresses');
END;

DROP TRIGGER audit_events_no_delete;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN OLD.occurred_at >= (SELECT purge_before FROM audit_retention WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only until their retention ends');
END;

-- The privacy notice names the data map. Only when the notice is still kinplan's own: a
-- council's own text is theirs to change.
INSERT INTO privacy_notices (version, body, published_by, published_at)
SELECT 2, body || '
Everything we keep, why, who sees it and for how long is listed in the data map: /data-protection', 'kinplan',
    CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM privacy_notices WHERE version = 1 AND published_by = 'kinplan'
    AND (SELECT MAX(version) FROM privacy_notices) = 1;
