-- Rejected records are a tenant's raw data too: retention removes them at the same age as its
-- events (vigil_effective_retention_days), in short batches, run by the maintenance role only.
CREATE OR REPLACE FUNCTION vigil_delete_expired_dead_letters(at timestamptz, batch_size int)
RETURNS TABLE (tenant_id uuid, deleted bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  t record;
  n bigint;
BEGIN
  IF at IS NULL THEN
    RAISE EXCEPTION 'at must not be null';
  END IF;
  IF batch_size IS NULL OR batch_size < 1 OR batch_size > 100000 THEN
    RAISE EXCEPTION 'batch_size must be between 1 and 100000, got %', batch_size;
  END IF;
  FOR t IN
    SELECT tn.id, at - make_interval(days => vigil_effective_retention_days(tn.plan, tn.retention_days)) AS cutoff
      FROM tenants tn ORDER BY tn.id
  LOOP
    DELETE FROM dead_letters d
     WHERE d.ctid = ANY (ARRAY(SELECT x.ctid FROM dead_letters x WHERE x.tenant_id = t.id AND x.received_at < t.cutoff LIMIT batch_size));
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
      tenant_id := t.id;
      deleted := n;
      RETURN NEXT;
    END IF;
  END LOOP;
END;
$$;

REVOKE ALL ON FUNCTION vigil_delete_expired_dead_letters(timestamptz, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_delete_expired_dead_letters(timestamptz, int) TO vigil_maintenance;
