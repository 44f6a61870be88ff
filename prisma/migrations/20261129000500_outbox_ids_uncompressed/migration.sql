-- The detection outbox holds each committed batch's event ids (up to ~1,000 sha256 hex ids, ~66 KB)
-- until detection has processed it. The ids do not compress, but the default storage (EXTENDED)
-- made PostgreSQL try pglz on every batch: 1.66 ms per 1,000-id row, ~2.6% of the whole machine's
-- CPU during `npm run bench:ingest`. EXTERNAL stores them out of line without trying: 0.19 ms per
-- row, the same size on disk (2,000 rows: 143.9 MB either way).
ALTER TABLE "detection_outbox" ALTER COLUMN "event_ids" SET STORAGE EXTERNAL;
