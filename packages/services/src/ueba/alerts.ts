// Entity risk -> an alert in the same alert/incident pipeline as the rules (recordDetections:
// 15-minute dedup per rule and group key, incident grouping by user or source ip).
import type { Severity } from "@vigil/db";
import type { DetectionMatch, Entities } from "@vigil/detection";
import type { ServiceDeps } from "../context";
import { recordDetections, type RecordDetectionsResult } from "../detections";
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

/** The detection match an entity-risk alert is recorded as. */
export function uebaMatch(input: UebaAlertInput): DetectionMatch {
  const { kind, name } = entityParts(input.entity);
  const severity: Severity = input.risk >= HIGH_RISK ? "HIGH" : "MEDIUM";
  const entities: Entities = { user: kind === "user" ? [name] : [], host: kind === "host" ? [name] : [], ip: kind === "ip" ? [name] : [], file: [] };
  return {
    kind: "correlation", ruleId: UEBA_RULE_ID, ruleTitle: uebaAlertTitle(input.entity, input.explanations),
    level: severity === "HIGH" ? "high" : "medium", severity,
    tactics: [...new Set(input.attack.map((t) => t.tactic))], techniques: [...new Set(input.attack.map((t) => t.technique))],
    groupKey: input.entity, firstSeen: new Date(Math.min(input.firstAt, input.at)).toISOString(), lastSeen: new Date(input.at).toISOString(),
    eventIds: input.eventIds.slice(-100), entities,
  };
}

/** Records entity-risk alerts through the rules' pipeline (dedup, incidents). */
export async function recordUebaAlerts(deps: ServiceDeps, tenantId: string, alerts: readonly UebaAlertInput[]): Promise<RecordDetectionsResult> {
  return recordDetections(deps, tenantId, alerts.map(uebaMatch));
}
