// Incident grouping: an alert joins an open incident of its tenant that shares a user or a
// source ip with one of the incident's alerts seen within the last hour (raised to the alert's
// severity if lower); otherwise it opens one. Hosts and files do not group: they are shared too
// widely. The placement is one SQL function, `vigil_place_incident` (migration 20261129000400),
// run as the caller under row-level security; `vigil_place_new_alert` also writes the new alert.
import type { DetectionMatch } from "@vigil/detection";
import type { Alert as AlertRow, Incident, IncidentStatus, Severity, Tx } from "@vigil/db";
import { incidentGroupKey, readEntities } from "./entities";
import { detectLagMs, MAX_ALERT_EVENT_IDS } from "./upsert-alert";

export const GROUPING_WINDOW_MS = 60 * 60_000;
const GROUPING_WINDOW = `${GROUPING_WINDOW_MS} milliseconds`;

export interface PlacedIncident {
  incident: Pick<Incident, "id" | "title" | "severity" | "status">;
  created: boolean;
  /** The severity the incident had when this alert raised it. */
  raisedFrom?: Severity;
}

/** The incident columns both functions return. */
interface PlacedRow {
  out_incident_id: string;
  out_incident_title: string;
  out_incident_severity: Severity;
  out_incident_status: IncidentStatus;
  out_incident_created: boolean;
  out_raised_from: Severity | null;
}

function firstRow<T>(rows: readonly T[], fn: string): T {
  const row = rows[0];
  if (!row) throw new Error(`${fn} returned no row`);
  return row;
}

function placedOf(row: PlacedRow): PlacedIncident {
  const incident = { id: row.out_incident_id, title: row.out_incident_title, severity: row.out_incident_severity, status: row.out_incident_status };
  return { incident, created: row.out_incident_created, ...(row.out_raised_from ? { raisedFrom: row.out_raised_from } : {}) };
}

/** Places an alert already written without an incident, and records the incident on it. */
export async function attachIncident(tx: Tx, tenantId: string, alert: AlertRow): Promise<PlacedIncident> {
  const entities = readEntities(alert.entities);
  const rows = await tx.$queryRaw<PlacedRow[]>`
    select * from vigil_place_incident(${tenantId}::uuid, ${alert.id}::uuid, ${alert.ruleTitle}, ${alert.severity}::"Severity", ${entities.user}::text[],
      ${entities.ip}::text[], ${alert.lastSeen}::timestamptz, ${incidentGroupKey(entities, alert.groupKey)}, ${GROUPING_WINDOW}::interval)`;
  const placed = placedOf(firstRow(rows, "vigil_place_incident"));
  await tx.alert.update({ where: { id: alert.id }, data: { incidentId: placed.incident.id } });
  return placed;
}

/** A new alert, written once, in the incident it belongs in, in one round trip (`vigil_place_new_alert`). */
export async function placeNewAlert(tx: Tx, tenantId: string, match: DetectionMatch, times: number, now: Date): Promise<{ alert: AlertRow; placed: PlacedIncident }> {
  const lastSeen = new Date(match.lastSeen);
  const firstSeen = new Date(match.firstSeen);
  const eventIds = match.eventIds.slice(-MAX_ALERT_EVENT_IDS);
  const entities = { ...match.entities };
  const lag = detectLagMs(now, lastSeen);
  const rows = await tx.$queryRaw<(PlacedRow & { out_alert_id: string; out_alert_created_at: Date })[]>`
    select * from vigil_place_new_alert(${tenantId}::uuid, ${match.ruleId}, ${match.ruleTitle}, ${match.severity}::"Severity", ${match.tactics}::text[], ${match.techniques}::text[],
      ${JSON.stringify(entities)}::jsonb, ${eventIds}::text[], ${match.groupKey}, ${firstSeen}::timestamptz, ${lastSeen}::timestamptz, ${times}::int, ${lag}::int,
      ${match.entities.user}::text[], ${match.entities.ip}::text[], ${incidentGroupKey(match.entities, match.groupKey)}, ${GROUPING_WINDOW}::interval)`;
  const row = firstRow(rows, "vigil_place_new_alert");
  const alert: AlertRow = {
    id: row.out_alert_id, tenantId, ruleId: match.ruleId, ruleTitle: match.ruleTitle, severity: match.severity, status: "OPEN",
    tactics: [...match.tactics], techniques: [...match.techniques], entities, eventIds, groupKey: match.groupKey, count: times,
    firstSeen, lastSeen, incidentId: row.out_incident_id, createdAt: row.out_alert_created_at,
    disposition: null, dispositionNote: null, dispositionBy: null, dispositionAt: null, detectLagMs: lag,
  };
  return { alert, placed: placedOf(row) };
}
