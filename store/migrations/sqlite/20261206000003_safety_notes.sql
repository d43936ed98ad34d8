-- The coordinator's safety notes, per person or for the whole meeting: risks, the screening
-- outcome, arrangements such as separate arrival times. Read by the meeting's staff and
-- managers only, every read audited; never in a family's copy of anything. Notes are added,
-- never changed: a correction is a further note.
CREATE TABLE safety_notes (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    participant_id TEXT REFERENCES participants (id),
    category TEXT NOT NULL CHECK (category IN ('risk', 'screening', 'arrangement', 'other')),
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    author_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX safety_notes_meeting ON safety_notes (meeting_id, created_at);
