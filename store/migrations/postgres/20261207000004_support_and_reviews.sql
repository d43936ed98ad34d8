-- Family Network Support Packages: what a meeting's plan asked for, as a request of items with
-- their costs (in pence), linked to the meeting whose plan identified it; a manager approves or
-- declines it with a reason.
CREATE TABLE support_requests (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id),
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    summary TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'declined')),
    requested_by TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    decided_by TEXT,
    decided_at BIGINT,
    decision_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX support_requests_case ON support_requests (case_id, requested_at);

CREATE TABLE support_items (
    id TEXT PRIMARY KEY NOT NULL,
    request_id TEXT NOT NULL REFERENCES support_requests (id),
    description TEXT NOT NULL,
    cost_pence BIGINT NOT NULL CHECK (cost_pence >= 0),
    position BIGINT NOT NULL
);
CREATE INDEX support_items_request ON support_items (request_id, position);

-- A review meeting's word on each action of the agreed plan: done, on track or not on track, with
-- a note.
CREATE TABLE action_reviews (
    review_meeting_id TEXT NOT NULL REFERENCES meetings (id),
    action_id TEXT NOT NULL,
    what TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'on_track', 'not_on_track')),
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (review_meeting_id, action_id)
);

-- The day a meeting was held (it first left preparation), and, once its plan is agreed, the day
-- the plan is to be reviewed.
ALTER TABLE meetings ADD COLUMN held_on TEXT;
ALTER TABLE meetings ADD COLUMN review_due_on TEXT;

-- A staff member's team, for the service's figures.
ALTER TABLE users ADD COLUMN team TEXT NOT NULL DEFAULT '';

-- Meetings held before this version: the day they first left preparation, from the audit trail
-- where it says so, otherwise the day of their last change of stage.
UPDATE meetings SET held_on = COALESCE(
    (SELECT to_char(to_timestamp(MIN(occurred_at) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM audit_events
     WHERE audit_events.meeting_id = meetings.id AND audit_events.action = 'stage_changed'),
    to_char(to_timestamp(stage_changed_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD'))
WHERE stage <> 'preparation';

-- Plans agreed before this version: reviewed three months after agreement (the end of a shorter
-- month when the day is not in it: 30 November gives 28 February, as kinplan computes it).
UPDATE meetings SET review_due_on = (
    SELECT to_char((to_timestamp(MAX(closed_at) / 1000.0) AT TIME ZONE 'UTC') + interval '3 months', 'YYYY-MM-DD') FROM proposals
    WHERE proposals.meeting_id = meetings.id AND proposals.status = 'final')
WHERE EXISTS (SELECT 1 FROM proposals WHERE proposals.meeting_id = meetings.id AND proposals.status = 'final');

-- A manager may refuse a decision not to offer, with a reason; the facilitator may then offer, or
-- decide again.
ALTER TABLE offer_decisions ADD COLUMN refused_by TEXT;
ALTER TABLE offer_decisions ADD COLUMN refused_at BIGINT;
ALTER TABLE offer_decisions ADD COLUMN refusal_reason TEXT NOT NULL DEFAULT '';
