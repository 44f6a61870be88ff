-- Per-tenant ingest quota overrides (null: the ingest process's default, VIGIL_TENANT_*). Set by the
-- MSSP's organization administrators for their client tenants, or by the operator (`vigil tenants
-- quota`); every ingest process re-reads them (vigil_ingest_quotas) and applies them live.
ALTER TABLE "tenants"
  ADD COLUMN "ingest_events_per_sec" INTEGER,
  ADD COLUMN "ingest_bytes_per_sec" INTEGER,
  ADD CONSTRAINT "tenants_ingest_events_per_sec_check" CHECK ("ingest_events_per_sec" IS NULL OR "ingest_events_per_sec" > 0),
  ADD CONSTRAINT "tenants_ingest_bytes_per_sec_check" CHECK ("ingest_bytes_per_sec" IS NULL OR "ingest_bytes_per_sec" > 0);

-- The ingest processes authenticate senders of every tenant, so they read every tenant's override,
-- and nothing else of the tenants table (row-level security hides it from vigil_app).
CREATE OR REPLACE FUNCTION vigil_ingest_quotas()
RETURNS TABLE (tenant_id uuid, events_per_sec integer, bytes_per_sec integer)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT t.id, t.ingest_events_per_sec, t.ingest_bytes_per_sec
    FROM tenants AS t
   WHERE t.ingest_events_per_sec IS NOT NULL OR t.ingest_bytes_per_sec IS NOT NULL
$$;

REVOKE ALL ON FUNCTION vigil_ingest_quotas() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_ingest_quotas() TO vigil_app;
