-- A case: one family's journey, from the referral through its meetings and reviews. The referral
-- says who the children are, who referred them and why, the worries, bottom lines and questions
-- for the family (they seed the first plan), when it was received, and who has parental
-- responsibility. Every meeting belongs to a case.
CREATE TABLE cases (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    facilitator_id TEXT NOT NULL REFERENCES users (id),
    referrer TEXT NOT NULL DEFAULT '',
    lead_practitioner TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    worries TEXT NOT NULL DEFAULT '',
    bottom_lines TEXT NOT NULL DEFAULT '',
    questions TEXT NOT NULL DEFAULT '',
    received_on TEXT,
    created_at BIGINT NOT NULL,
    erased_at BIGINT
);
CREATE INDEX cases_facilitator ON cases (facilitator_id);

CREATE TABLE case_children (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    name TEXT NOT NULL,
    date_of_birth TEXT,
    case_system_id TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL
);
CREATE INDEX case_children_case ON case_children (case_id, position);

CREATE TABLE parental_responsibility (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    name TEXT NOT NULL,
    relationship TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL
);
CREATE INDEX parental_responsibility_case ON parental_responsibility (case_id, position);

ALTER TABLE meetings ADD COLUMN case_id TEXT REFERENCES cases (id);
CREATE INDEX meetings_case ON meetings (case_id);

-- Meetings made before cases become cases of one meeting, named as the meeting was; a review joins
-- the case of the meeting it follows (through any chain of reviews).
INSERT INTO cases (id, title, facilitator_id, created_at, erased_at)
SELECT 'case-' || id, title, facilitator_id, created_at, erased_at FROM meetings WHERE follows_meeting_id IS NULL;

WITH RECURSIVE chain (id, root) AS (
    SELECT id, id FROM meetings WHERE follows_meeting_id IS NULL
    UNION ALL
    SELECT meetings.id, chain.root FROM meetings JOIN chain ON meetings.follows_meeting_id = chain.id
)
UPDATE meetings SET case_id = 'case-' || (SELECT root FROM chain WHERE chain.id = meetings.id);
