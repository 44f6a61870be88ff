// Incident grouping: an alert joins an open incident of its tenant that shares a user or a
// source ip with one of the incident's alerts seen within the last hour; otherwise it opens one.
// Hosts and files do not group: they are shared too widely.
import type { DetectionMatch, Entities } from "@vigil/detection";
import type { Alert as AlertRow, Incident, IncidentStatus, Severity, Tx } from "@vigil/db";
import { incidentGroupKey, readEntities } from "./entities";
import { maxSeverity } from "./severity";
import { detectLagMs, MAX_ALERT_EVENT_IDS } from "./upsert-alert";

export const GROUPING_WINDOW_MS = 60 * 60_000;
/** No alert has this id: the exclusion of an alert not written yet. */
const NO_ALERT = "00000000-0000-0000-0000-000000000000";

/** What places an alert in an incident (the alert's own fields, before or after it is written). */
export interface IncidentInput {
  /** The alert's id once written (it is not its own related alert). */
  alertId?: string;
  entities: Entities;
  lastSeen: Date;
  severity: Severity;
  title: string;
  groupKey: string;
}

export interface PlacedIncident {
  incident: Pick<Incident, "id" | "title" | "severity" | "status">;
  created: boolean;
  /** The severity the incident had when this alert raised it. */
  raisedFrom?: Severity;
}

/**
 * The incident of the newest alert (of the last hour, incident not resolved) that names one of the
 * alert's users or source ips: `vigil_related_incident` (migration 20261129000300), which reads
 * only the alerts sharing an entity through GIN indexes (under row-level security PostgreSQL
 * cannot use them) and checks the tenant against the transaction's own.
 */
async function findRelatedIncident(tx: Tx, tenantId: string, input: IncidentInput): Promise<string | undefined> {
  const { user, ip } = input.entities;
  if (user.length === 0 && ip.length === 0) return undefined;
  const since = new Date(input.lastSeen.getTime() - GROUPING_WINDOW_MS);
  const rows = await tx.$queryRaw<{ incident_id: string | null }[]>`
    select vigil_related_incident(${tenantId}::uuid, ${since}, ${input.alertId ?? NO_ALERT}::uuid, ${user}::text[], ${ip}::text[]) as incident_id`;
  return rows[0]?.incident_id ?? undefined;
}

/** The incident an alert belongs in: a related open one (raised to the alert's severity if lower), else a new one. */
export async function placeIncident(tx: Tx, tenantId: string, input: IncidentInput): Promise<PlacedIncident> {
  const relatedId = await findRelatedIncident(tx, tenantId, input);
  const related = relatedId ? await tx.incident.findUnique({ where: { id: relatedId } }) : null;
  if (related) {
    const severity = maxSeverity(related.severity, input.severity);
    if (severity === related.severity) return { incident: related, created: false };
    return { incident: await tx.incident.update({ where: { id: related.id }, data: { severity } }), created: false, raisedFrom: related.severity };
  }
  const incident = await tx.incident.create({ data: { tenantId, title: input.title, severity: input.severity, groupKey: incidentGroupKey(input.entities, input.groupKey) } });
  return { incident, created: true };
}

/** Places an alert already written without an incident, and records the incident on it. */
export async function attachIncident(tx: Tx, tenantId: string, alert: AlertRow): Promise<PlacedIncident> {
  const placed = await placeIncident(tx, tenantId, {
    alertId: alert.id, entities: readEntities(alert.entities), lastSeen: alert.lastSeen, severity: alert.severity, title: alert.ruleTitle, groupKey: alert.groupKey,
  });
  await tx.alert.update({ where: { id: alert.id }, data: { incidentId: placed.incident.id } });
  return placed;
}

interface PlacedRow {
  out_alert_id: string;
  out_alert_created_at: Date;
  out_incident_id: string;
  out_incident_title: string;
  out_incident_severity: Severity;
  out_incident_status: IncidentStatus;
  out_incident_created: boolean;
  out_raised_from: Severity | null;
}

/**
 * A new alert, written once, in its incident (`placeIncident`'s choice), in one round trip:
 * `vigil_place_new_alert` (migration 20261129000400), run as the caller under row-level security.
 */
export async function placeNewAlert(tx: Tx, tenantId: string, match: DetectionMatch, times: number, now: Date): Promise<{ alert: AlertRow; placed: PlacedIncident }> {
  const lastSeen = new Date(match.lastSeen);
  const firstSeen = new Date(match.firstSeen);
  const eventIds = match.eventIds.slice(-MAX_ALERT_EVENT_IDS);
  const entities = { ...match.entities };
  const lag = detectLagMs(now, lastSeen);
  const rows = await tx.$queryRaw<PlacedRow[]>`
    select * from vigil_place_new_alert(${tenantId}::uuid, ${match.ruleId}, ${match.ruleTitle}, ${match.severity}::"Severity", ${match.tactics}::text[], ${match.techniques}::text[],
      ${JSON.stringify(entities)}::jsonb, ${eventIds}::text[], ${match.groupKey}, ${firstSeen}::timestamptz, ${lastSeen}::timestamptz, ${times}::int, ${lag}::int,
      ${match.entities.user}::text[], ${match.entities.ip}::text[], ${incidentGroupKey(match.entities, match.groupKey)}, ${`${GROUPING_WINDOW_MS} milliseconds`}::interval)`;
  const row = rows[0];
  if (!row) throw new Error("vigil_place_new_alert returned no row");
  const alert: AlertRow = {
    id: row.out_alert_id, tenantId, ruleId: match.ruleId, ruleTitle: match.ruleTitle, severity: match.severity, status: "OPEN",
    tactics: [...match.tactics], techniques: [...match.techniques], entities, eventIds, groupKey: match.groupKey, count: times,
    firstSeen, lastSeen, incidentId: row.out_incident_id, createdAt: row.out_alert_created_at,
    disposition: null, dispositionNote: null, dispositionBy: null, dispositionAt: null, detectLagMs: lag,
  };
  const incident = { id: row.out_incident_id, title: row.out_incident_title, severity: row.out_incident_severity, status: row.out_incident_status };
  return { alert, placed: { incident, created: row.out_incident_created, ...(row.out_raised_from ? { raisedFrom: row.out_raised_from } : {}) } };
}
