-- Languages: the ones a manager has turned on although no qualified translator has reviewed their
-- messages (a reviewed language needs no row).
CREATE TABLE languages_enabled (
    code TEXT PRIMARY KEY NOT NULL,
    enabled_by TEXT NOT NULL,
    enabled_at BIGINT NOT NULL
);

-- The meeting's language: the shared screen's, chosen by the facilitator.
ALTER TABLE meetings ADD COLUMN language TEXT NOT NULL DEFAULT 'en';

-- The language a person chose for their own pages and copies (empty: follow their recorded
-- language, then the meeting's).
ALTER TABLE participants ADD COLUMN page_language TEXT NOT NULL DEFAULT '';
-- That the person needs an interpreter, and in which language (empty: does not).
ALTER TABLE participants ADD COLUMN needs_interpreter TEXT NOT NULL DEFAULT '';
-- An interpreter's declaration, on joining, that they have no connection to the family.
ALTER TABLE participants ADD COLUMN no_connection_declared_at BIGINT;
-- An interpreter the family asked into their private time: who asked (a participant id).
ALTER TABLE participants ADD COLUMN family_time_invited_by TEXT;

-- The facilitator names someone as expected to decide on the plan, present or not (1), besides
-- everyone who opened the meeting's documents.
ALTER TABLE participants ADD COLUMN named_to_decide BIGINT NOT NULL DEFAULT 0;
