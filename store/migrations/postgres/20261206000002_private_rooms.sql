-- Private family time in more than one room: the facilitator makes rooms and puts family-side
-- people in them; each room has its own private document, and nobody opens another room's.
-- People in no room are in the meeting's default room (its first family-time document).
CREATE TABLE private_rooms (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX private_rooms_meeting ON private_rooms (meeting_id, created_at);

CREATE TABLE room_members (
    participant_id TEXT PRIMARY KEY NOT NULL REFERENCES participants (id),
    room_id TEXT NOT NULL REFERENCES private_rooms (id),
    assigned_at BIGINT NOT NULL
);
CREATE INDEX room_members_room ON room_members (room_id);
