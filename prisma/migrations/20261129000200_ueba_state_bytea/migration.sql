-- UEBA streaming state as bytes compressed by ingest (brotli, see packages/services/src/ueba/stream/codec.ts)
-- instead of jsonb: PostgreSQL parsed and compressed each 10-20 MB document on every snapshot, 0.5-1.4 s of a
-- core that the store writer's COPY was waiting for. Nothing reads inside the document in SQL. Existing rows
-- become their JSON text as bytes (the codec reads both); EXTERNAL: the bytes are already compressed.
ALTER TABLE "ueba_state" ALTER COLUMN "snapshot" TYPE bytea USING convert_to("snapshot"::text, 'UTF8');
ALTER TABLE "ueba_state" ALTER COLUMN "snapshot" SET STORAGE EXTERNAL;
ALTER TABLE "ueba_risk_state" ALTER COLUMN "snapshot" TYPE bytea USING convert_to("snapshot"::text, 'UTF8');
ALTER TABLE "ueba_risk_state" ALTER COLUMN "snapshot" SET STORAGE EXTERNAL;
