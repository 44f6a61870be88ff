// Entity risk -> an alert in the same alert/incident pipeline as the rules (recordDetections:
// 15-minute dedup per rule and group key, incident grouping by user or source ip).
import type { Severity } from "@vigil/db";
import type { DetectionMatch, Entities } from "@vigil/detection";
import type { ServiceDeps } from "../context";
import { recordDetections, type NewIncident, type RaisedIncident, type RecordDetectionsResult, type RecordedAlert } from "../detections";
import { UEBA_RULE_ID } from "./series";

export interface AttackTagLike {
  tactic: string;
  technique: string;
}

export interface UebaAlertInput {
  /** `${kind}:${name}`, e.g. "user:alice". */
  entity: string;
  /** Epoch ms: first anomaly behind the alert, and the one that crossed the threshold. */
  firstAt: number;
  at: number;
  risk: number;
  /** Plain-words "value vs usual", most important first. */
  explanations: string[];
  attack: AttackTagLike[];
  eventIds: string[];
}

/** Risk at which an alert is HIGH rather than MEDIUM (one extreme window weighs up to 10). */
const HIGH_RISK = 6;
const TITLE_EXPLANATIONS = 2;
const MAX_TITLE = 300;

export function entityParts(entity: string): { kind: string; name: string } {
  const i = entity.indexOf(":");
  return i < 0 ? { kind: "user", name: entity } : { kind: entity.slice(0, i), name: entity.slice(i + 1) };
}

export function uebaAlertTitle(entity: string, explanations: readonly string[]): string {
  const { kind, name } = entityParts(entity);
  const why = explanations.slice(0, TITLE_EXPLANATIONS).join("; ");
  const title = `Unusual behaviour of ${kind} ${name}${why ? `: ${why}` : ""}`;
  return title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title;
}

/**
 * The match an entity-risk alert is recorded as, for one entity's alert or several folded into one:
 * HIGH when any risk is, the ATT&CK tags of all, from the first anomaly to the latest alert.
 */
function entityRiskMatch(inputs: readonly UebaAlertInput[], own: Pick<DetectionMatch, "ruleTitle" | "groupKey" | "eventIds" | "entities">): DetectionMatch {
  const severity: Severity = inputs.some((i) => i.risk >= HIGH_RISK) ? "HIGH" : "MEDIUM";
  const attack = inputs.flatMap((i) => i.attack);
  let first = Infinity;
  let last = -Infinity;
  for (const i of inputs) {
    first = Math.min(first, i.firstAt, i.at);
    last = Math.max(last, i.at);
  }
  return {
    kind: "correlation", ruleId: UEBA_RULE_ID, level: severity === "HIGH" ? "high" : "medium", severity,
    tactics: [...new Set(attack.map((t) => t.tactic))], techniques: [...new Set(attack.map((t) => t.technique))],
    firstSeen: new Date(first).toISOString(), lastSeen: new Date(last).toISOString(), ...own,
  };
}

/** The detection match an entity-risk alert is recorded as. */
export function uebaMatch(input: UebaAlertInput): DetectionMatch {
  const { kind, name } = entityParts(input.entity);
  const entities: Entities = { user: kind === "user" ? [name] : [], host: kind === "host" ? [name] : [], ip: kind === "ip" ? [name] : [], file: [] };
  return entityRiskMatch([input], { ruleTitle: uebaAlertTitle(input.entity, input.explanations), groupKey: input.entity, eventIds: input.eventIds.slice(-100), entities });
}

/** The group key of the alert that stands for the entities past the tenant's alert budget. */
export const UEBA_STORM_KEY = "ueba:storm";
const STORM_TITLE_ENTITIES = 3;

/**
 * The one alert for entities that crossed the risk threshold past the tenant's alert budget (see
 * UebaSink): deduplicated like any alert, so a storm counts up one alert instead of opening an
 * incident per entity. Each entity's risk, anomalies and explanations stay stored and link to it.
 * No entities are listed on the alert itself, so it does not join one user's incident.
 */
export function uebaStormMatch(inputs: readonly UebaAlertInput[]): DetectionMatch {
  const names = inputs.slice(0, STORM_TITLE_ENTITIES).map((i) => {
    const { kind, name } = entityParts(i.entity);
    return `${kind} ${name}`;
  });
  return entityRiskMatch(inputs, {
    // No count in the title: a count-up keeps the first title (the alert's count and Entity risk tell how many).
    ruleTitle: `Unusual behaviour of many entities at once, past the alert budget (${names.join(", ")}${inputs.length > names.length ? ", ..." : ""}): see Entity risk`,
    groupKey: UEBA_STORM_KEY, eventIds: inputs.flatMap((i) => i.eventIds.slice(-1)).slice(-100), entities: { user: [], host: [], ip: [], file: [] },
  });
}

/**
 * Alerts recorded per transaction. recordDetections holds the tenant's detection lock for its whole
 * transaction, and the rule alerts wait for it: a batch that raises hundreds of entity-risk alerts
 * (a new tenant's first hour against the global prior, a mass event) gives the lock up between
 * chunks instead of holding it for seconds (about 9 ms per new alert and incident).
 */
export const UEBA_ALERTS_PER_TRANSACTION = 16;

/**
 * Records entity-risk alerts through the rules' pipeline (dedup, incidents), a chunk per transaction.
 * A failed chunk throws; the chunks before it stay recorded.
 */
export async function recordUebaAlerts(
  deps: ServiceDeps, tenantId: string, alerts: readonly UebaAlertInput[], pastBudget: readonly UebaAlertInput[] = [],
): Promise<RecordDetectionsResult> {
  const results: RecordDetectionsResult[] = [];
  for (let i = 0; i < alerts.length; i += UEBA_ALERTS_PER_TRANSACTION) {
    results.push(await recordDetections(deps, tenantId, alerts.slice(i, i + UEBA_ALERTS_PER_TRANSACTION).map(uebaMatch)));
  }
  if (pastBudget.length > 0) results.push(await recordDetections(deps, tenantId, [uebaStormMatch(pastBudget)]));
  return mergeRecorded(results);
}

/** One result for several recordDetections calls made in order (as if one call had recorded them all). */
export function mergeRecorded(results: readonly RecordDetectionsResult[]): RecordDetectionsResult {
  const alerts = new Map<string, RecordedAlert>();
  const newIncidents = new Map<string, NewIncident>();
  const raised = new Map<string, RaisedIncident>();
  const suppressed = new Map<string, number>();
  for (const r of results) {
    for (const a of r.alerts) alerts.set(a.id, { ...a, created: a.created || (alerts.get(a.id)?.created ?? false) });
    for (const n of r.newIncidents) newIncidents.set(n.id, n);
    for (const up of r.raisedIncidents) {
      // Opened by an earlier chunk: its response starts at the new level, as within one call.
      const opened = newIncidents.get(up.id);
      if (opened) opened.severity = up.severity;
      else raised.set(up.id, { ...up, previousSeverity: raised.get(up.id)?.previousSeverity ?? up.previousSeverity });
    }
    for (const s of r.suppressed) suppressed.set(s.exceptionId, (suppressed.get(s.exceptionId) ?? 0) + s.count);
  }
  return {
    alerts: [...alerts.values()], newIncidents: [...newIncidents.values()], raisedIncidents: [...raised.values()],
    suppressed: [...suppressed].map(([exceptionId, count]) => ({ exceptionId, count })),
  };
}
