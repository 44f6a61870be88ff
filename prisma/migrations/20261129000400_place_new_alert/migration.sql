-- Incident placement and new alerts in one round trip each (packages/services/src/detections):
--
-- vigil_place_incident: the incident an alert belongs in. An open incident of the tenant with a
-- recent alert sharing one of its users or addresses (vigil_related_incident), raised to the
-- alert's severity if lower, else a new incident.
--
-- vigil_place_new_alert: that, then the alert itself, written once with its incident. An alert
-- storm over many accounts (brute force, UEBA) cost 5 round trips per alert before.
--
-- SECURITY INVOKER: both run as the caller, so the tables' row-level security applies to every
-- read and write here; only the related-incident lookup is a definer function (it checks the
-- tenant against the transaction's own).
CREATE OR REPLACE FUNCTION vigil_place_incident(
  p_tenant uuid, p_exclude_alert uuid, p_title text, p_severity "Severity", p_users text[], p_ips text[],
  p_last_seen timestamptz, p_group_key text, p_grouping_window interval
)
RETURNS TABLE (
  out_incident_id uuid, out_incident_title text, out_incident_severity "Severity", out_incident_status "IncidentStatus",
  out_incident_created boolean, out_raised_from "Severity"
)
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = public
AS $$
DECLARE
  related uuid;
  inc incidents%ROWTYPE;
BEGIN
  out_incident_created := false;
  IF cardinality(p_users) > 0 OR cardinality(p_ips) > 0 THEN
    related := vigil_related_incident(p_tenant, p_last_seen - p_grouping_window, p_exclude_alert, p_users, p_ips);
  END IF;
  IF related IS NOT NULL THEN
    SELECT * INTO inc FROM incidents WHERE id = related;
  END IF;
  IF inc.id IS NOT NULL THEN
    IF inc.severity < p_severity THEN
      out_raised_from := inc.severity;
      UPDATE incidents SET severity = p_severity, updated_at = now() WHERE id = inc.id RETURNING * INTO inc;
    END IF;
  ELSE
    INSERT INTO incidents (tenant_id, title, severity, group_key) VALUES (p_tenant, p_title, p_severity, p_group_key) RETURNING * INTO inc;
    out_incident_created := true;
  END IF;
  out_incident_id := inc.id;
  out_incident_title := inc.title;
  out_incident_severity := inc.severity;
  out_incident_status := inc.status;
  RETURN NEXT;
END;
$$;

CREATE OR REPLACE FUNCTION vigil_place_new_alert(
  p_tenant uuid, p_rule_id text, p_rule_title text, p_severity "Severity", p_tactics text[], p_techniques text[],
  p_entities jsonb, p_event_ids text[], p_group_key text, p_first_seen timestamptz, p_last_seen timestamptz,
  p_count integer, p_detect_lag_ms integer, p_users text[], p_ips text[], p_incident_group_key text, p_grouping_window interval
)
RETURNS TABLE (
  out_alert_id uuid, out_alert_created_at timestamptz, out_incident_id uuid, out_incident_title text,
  out_incident_severity "Severity", out_incident_status "IncidentStatus", out_incident_created boolean, out_raised_from "Severity"
)
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = public
AS $$
BEGIN
  -- The alert is not written yet: no alert to exclude.
  SELECT p.out_incident_id, p.out_incident_title, p.out_incident_severity, p.out_incident_status, p.out_incident_created, p.out_raised_from
    INTO out_incident_id, out_incident_title, out_incident_severity, out_incident_status, out_incident_created, out_raised_from
    FROM vigil_place_incident(p_tenant, '00000000-0000-0000-0000-000000000000'::uuid, p_rule_title, p_severity, p_users, p_ips,
                              p_last_seen, p_incident_group_key, p_grouping_window) p;
  INSERT INTO alerts (tenant_id, rule_id, rule_title, severity, tactics, techniques, entities, event_ids, group_key, first_seen, last_seen, count, incident_id, detect_lag_ms)
  VALUES (p_tenant, p_rule_id, p_rule_title, p_severity, p_tactics, p_techniques, p_entities, p_event_ids, p_group_key, p_first_seen, p_last_seen, p_count, out_incident_id, p_detect_lag_ms)
  RETURNING id, created_at INTO out_alert_id, out_alert_created_at;
  RETURN NEXT;
END;
$$;

REVOKE ALL ON FUNCTION vigil_place_incident(uuid, uuid, text, "Severity", text[], text[], timestamptz, text, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_place_incident(uuid, uuid, text, "Severity", text[], text[], timestamptz, text, interval) TO vigil_app;
REVOKE ALL ON FUNCTION vigil_place_new_alert(uuid, text, text, "Severity", text[], text[], jsonb, text[], text, timestamptz, timestamptz, integer, integer, text[], text[], text, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION vigil_place_new_alert(uuid, text, text, "Severity", text[], text[], jsonb, text[], text, timestamptz, timestamptz, integer, integer, text[], text[], text, interval) TO vigil_app;
