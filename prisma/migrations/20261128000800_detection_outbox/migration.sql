-- Detection outbox: a committed batch of fresh events whose detection (rules and behaviour
-- analytics) has not finished yet. The store writer inserts the row in the same transaction as
-- the events and deletes it once every sink has processed the batch, so a process that dies
-- between COMMIT and detection leaves the row behind; ingest re-runs detection for such rows
-- (another process's rows once they are older than VIGIL_DETECTION_ORPHAN_MS). A batch whose
-- detection failed is released the same way and tried again, three times at most.
CREATE TABLE "detection_outbox" (
  "id"         bigserial PRIMARY KEY,
  "tenant_id"  uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
  -- The ingest process (one id per start) that is running the batch's detection ('released' after a failure).
  "owner"      text NOT NULL,
  "attempts"   integer NOT NULL DEFAULT 1,
  "event_ids"  text[] NOT NULL,
  "first_ts"   timestamptz(3) NOT NULL,
  "last_ts"    timestamptz(3) NOT NULL,
  "created_at" timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "detection_outbox_tenant_id_id_idx" ON "detection_outbox" ("tenant_id", "id");

ALTER TABLE "detection_outbox" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "detection_outbox" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "detection_outbox"
  USING (tenant_id = ANY (vigil_current_tenants())) WITH CHECK (tenant_id = ANY (vigil_current_tenants()));
GRANT SELECT, INSERT, UPDATE, DELETE ON "detection_outbox" TO vigil_app;
GRANT USAGE ON SEQUENCE "detection_outbox_id_seq" TO vigil_app;

-- The tenants with batches left behind by another ingest process (tenant ids only, no data), for
-- the recovery that then reads each tenant's rows with that tenant set. SECURITY DEFINER like
-- vigil_ueba_tenants: the application role cannot list tenants under RLS.
CREATE OR REPLACE FUNCTION vigil_detection_orphan_tenants(me text, older_than interval)
RETURNS SETOF uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
  SELECT DISTINCT tenant_id FROM detection_outbox WHERE owner <> me AND created_at < now() - older_than
$$;
REVOKE ALL ON FUNCTION vigil_detection_orphan_tenants(text, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_detection_orphan_tenants(text, interval) TO vigil_app;
