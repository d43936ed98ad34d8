-- Safeguarding: contact details that each have a visibility, and separations between people.
--
-- A participant's address, phone numbers and email are rows here, each with who may see it:
-- staff only (the default), the whole network, or staff and the people named in
-- contact_detail_viewers. A separation between two people of a meeting overrides every
-- visibility: with no_details neither sees the other's details; with no_shared_room they are
-- never put in one private room. The reason is for staff only.
CREATE TABLE contact_details (
    id TEXT PRIMARY KEY NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants (id),
    kind TEXT NOT NULL CHECK (kind IN ('address', 'phone', 'email')),
    value TEXT NOT NULL,
    visibility TEXT NOT NULL DEFAULT 'staff' CHECK (visibility IN ('staff', 'network', 'named')),
    position BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);
CREATE INDEX contact_details_participant ON contact_details (participant_id, kind, position);

CREATE TABLE contact_detail_viewers (
    detail_id TEXT NOT NULL REFERENCES contact_details (id),
    viewer_id TEXT NOT NULL REFERENCES participants (id),
    PRIMARY KEY (detail_id, viewer_id)
);

CREATE TABLE separations (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    first_id TEXT NOT NULL REFERENCES participants (id),
    second_id TEXT NOT NULL REFERENCES participants (id),
    no_details BIGINT NOT NULL,
    no_shared_room BIGINT NOT NULL,
    reason TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CHECK (first_id <> second_id)
);
CREATE INDEX separations_meeting ON separations (meeting_id, created_at);
