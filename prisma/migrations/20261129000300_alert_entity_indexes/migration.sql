-- Incident grouping finds the newest open alert of the tenant sharing a user or an address with a
-- new alert (packages/services/src/detections/attach-incident.ts). That lookup used to read every
-- alert of the tenant in the grouping window, once per new alert: quadratic in the alerts one
-- detection batch raises (a brute-force storm over many accounts, a UEBA storm), until the batch's
-- transaction outlived its timeout and was retried, forever.
--
-- GIN indexes on the entity lists make it read only the alerts sharing one of its entities. They
-- are expression indexes, which Prisma's schema cannot declare (see the Alert model's comment).
CREATE INDEX IF NOT EXISTS "alerts_entities_user_idx" ON "alerts" USING gin (("entities" -> 'user'));
CREATE INDEX IF NOT EXISTS "alerts_entities_ip_idx" ON "alerts" USING gin (("entities" -> 'ip'));

-- Under row-level security PostgreSQL cannot use them: jsonb's `?|` is not leakproof, so it is
-- evaluated after the policy, row by row. The lookup therefore runs in this function, which checks
-- the tenant against the transaction's own (app.tenant_ids, as the policies do) and scopes every
-- read to it. Same transaction: it sees the batch's alerts not yet committed.
CREATE OR REPLACE FUNCTION vigil_related_incident(tenant uuid, since timestamptz, exclude uuid, users text[], ips text[])
RETURNS uuid
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  found uuid;
BEGIN
  IF tenant IS NULL OR NOT (tenant = ANY (COALESCE(string_to_array(NULLIF(current_setting('app.tenant_ids', true), ''), ',')::uuid[], '{}'::uuid[]))) THEN
    RAISE EXCEPTION 'vigil_related_incident: tenant % is not a tenant of this transaction', tenant USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- MATERIALIZED: with `order by ... limit 1` over the join, the planner would walk the tenant's
  -- alerts newest first hoping to stop early, and read all of them when none matches.
  WITH sharing AS MATERIALIZED (
    SELECT a.incident_id, a.last_seen FROM alerts a
     WHERE ((a.entities -> 'user') ?| coalesce(users, '{}') OR (a.entities -> 'ip') ?| coalesce(ips, '{}'))
       AND a.tenant_id = tenant AND a.last_seen >= since AND a.id <> exclude
  )
  SELECT s.incident_id INTO found
    FROM sharing s JOIN incidents i ON i.id = s.incident_id
   WHERE i.tenant_id = tenant AND i.status <> 'RESOLVED'
   ORDER BY s.last_seen DESC
   LIMIT 1;
  RETURN found;
END;
$$;

REVOKE ALL ON FUNCTION vigil_related_incident(uuid, timestamptz, uuid, text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_related_incident(uuid, timestamptz, uuid, text[], text[]) TO vigil_app;
