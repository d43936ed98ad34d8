-- What the erased-documents trigger costs an insert into the update log (docs/BENCHMARKS.md):
-- 200,000 rows into a table without the trigger, then into one with it.
PRAGMA journal_mode=WAL;
CREATE TABLE erased_documents (document TEXT PRIMARY KEY NOT NULL, erased_at BIGINT NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 500)
INSERT INTO erased_documents SELECT 'meeting/' || i || '/plan', 0 FROM n;
CREATE TABLE plain (document TEXT NOT NULL, seq BIGINT NOT NULL, data BLOB NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (document, seq));
CREATE TABLE guarded (document TEXT NOT NULL, seq BIGINT NOT NULL, data BLOB NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (document, seq));
CREATE TRIGGER guarded_refuses BEFORE INSERT ON guarded
WHEN EXISTS (SELECT 1 FROM erased_documents WHERE document = NEW.document)
BEGIN SELECT RAISE(ABORT, 'this document was erased'); END;
.timer on
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 200000)
INSERT INTO plain (document, seq, data) SELECT 'meeting/x' || (i % 100) || '/plan', i, randomblob(60) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 200000)
INSERT INTO guarded (document, seq, data) SELECT 'meeting/x' || (i % 100) || '/plan', i, randomblob(60) FROM n;
