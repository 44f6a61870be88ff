import type { Severity, SigmaLevel } from "../model/types";
import type { Entities } from "./entities";

/** One detection, ready to become (or update) an alert. */
export interface DetectionMatch {
  kind: "event" | "correlation";
  ruleId: string;
  ruleTitle: string;
  level: SigmaLevel;
  severity: Severity;
  tactics: string[];
  techniques: string[];
  /** Dedup key: correlation group-by values, or the event's entities for single-event rules. */
  groupKey: string;
  firstSeen: string;
  lastSeen: string;
  /** Events behind the match (at most 100). */
  eventIds: string[];
  entities: Entities;
}
