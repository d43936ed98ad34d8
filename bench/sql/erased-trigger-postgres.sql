-- What the erased-documents trigger costs an insert into the update log (docs/BENCHMARKS.md):
-- 200,000 rows into a table without the trigger, then into one with it, in a schema dropped after.
CREATE SCHEMA erased_trigger_probe;
SET search_path = erased_trigger_probe;
CREATE TABLE erased_documents (document TEXT PRIMARY KEY NOT NULL, erased_at BIGINT NOT NULL);
INSERT INTO erased_documents SELECT 'meeting/' || i || '/plan', 0 FROM generate_series(1, 500) i;
CREATE TABLE plain (document TEXT NOT NULL, seq BIGINT NOT NULL, data BYTEA NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (document, seq));
CREATE TABLE guarded (LIKE plain INCLUDING ALL);
CREATE FUNCTION refuse_erased() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM erased_documents WHERE document = NEW.document) THEN
        RAISE EXCEPTION 'this document was erased';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER guarded_refuses BEFORE INSERT ON guarded FOR EACH ROW EXECUTE FUNCTION refuse_erased();
\timing on
INSERT INTO plain (document, seq, data) SELECT 'meeting/x' || (i % 100) || '/plan', i, decode(md5(i::text), 'hex') FROM generate_series(1, 200000) i;
INSERT INTO guarded (document, seq, data) SELECT 'meeting/x' || (i % 100) || '/plan', i, decode(md5(i::text), 'hex') FROM generate_series(1, 200000) i;
\timing off
DROP SCHEMA erased_trigger_probe CASCADE;
