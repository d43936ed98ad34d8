-- Consent and the privacy notice. A manager sets the notice's text for the council; each
-- change is a new version, and the first is kinplan's own plain-English notice. Each person
-- agrees, once, to take part and to how their information is shared, under the version they
-- read; a child's consent is theirs, with the adult who supported them if any. A withdrawal
-- keeps the record and closes the person's link.
CREATE TABLE privacy_notices (
    version BIGINT PRIMARY KEY NOT NULL,
    body TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at BIGINT NOT NULL
);
INSERT INTO privacy_notices (version, body, published_by, published_at) VALUES (1,
'What we keep: your name, how you are related to the child, what you write in the plan, and when you opened it.
Who sees it: the people in this meeting see the plan; the council''s staff for this meeting see everything, including your contact details. Your address is shown to nobody else unless the coordinator agrees it with you.
How long: the council keeps the plan and this record for as long as the law says it must for children''s records, then deletes them.
Your copy: you can ask the council for a copy of everything it holds about you. Ask your coordinator, who will tell you how.
You can change your mind: you can stop taking part at any time from your page. Your link then stops working.',
'kinplan', 0);

CREATE TABLE consents (
    id TEXT PRIMARY KEY NOT NULL,
    participant_id TEXT NOT NULL REFERENCES participants (id),
    notice_version BIGINT NOT NULL REFERENCES privacy_notices (version),
    takes_part BIGINT NOT NULL,
    shares_information BIGINT NOT NULL,
    supported_by TEXT NOT NULL DEFAULT '',
    given_at BIGINT NOT NULL,
    withdrawn_at BIGINT
);
CREATE INDEX consents_participant ON consents (participant_id, given_at);
