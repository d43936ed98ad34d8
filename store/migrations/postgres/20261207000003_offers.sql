-- The statutory offer (Children Act 1989, section 31ZA): before a council applies for a care or
-- supervision order it offers a family group decision-making meeting to each person with parental
-- responsibility, unless that would not be in the child's best interests, which a manager approves.
CREATE TABLE offers (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    parent_id TEXT NOT NULL,
    offered_on TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('in-person', 'letter', 'letter-before-proceedings')),
    answer TEXT NOT NULL DEFAULT 'awaiting' CHECK (answer IN ('awaiting', 'accepted', 'declined')),
    declined_reason TEXT NOT NULL DEFAULT '',
    answered_on TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX offers_case ON offers (case_id, recorded_at);

-- A decision not to offer, with its best-interests reason; in force once a manager approves it.
CREATE TABLE offer_decisions (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at BIGINT NOT NULL,
    approved_by TEXT,
    approved_at BIGINT
);
CREATE INDEX offer_decisions_case ON offer_decisions (case_id, decided_at);

-- The day a care or supervision application is made (or planned), when recorded.
ALTER TABLE cases ADD COLUMN care_application_on TEXT;
