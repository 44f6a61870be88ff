// Sliding-window state for event_count / value_count correlations, keyed by tenant, rule and
// group. Windows run on event time, so late or replayed batches count where they belong.
import type { VigilEvent } from "@vigil/schema";
import type { CorrelationRule } from "../model/types";
import type { Entities } from "./entities";
import { eventEntities, mergeEntities } from "./entities";
import type { FieldResolver } from "./fields";
import type { DetectionMatch } from "./match-types";

interface Entry {
  time: number;
  id: string;
  entities: Entities;
  value?: string;
}

const MAX_ENTRIES = 10_000;
const MAX_IDS = 100;

function compare(op: CorrelationRule["condition"]["op"], a: number, b: number): boolean {
  return { gt: a > b, gte: a >= b, lt: a < b, lte: a <= b, eq: a === b, neq: a !== b }[op];
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null || typeof value === "object") return undefined;
  return String(value);
}

function measure(rule: CorrelationRule, entries: Entry[]): number {
  return rule.type === "event_count" ? entries.length : new Set(entries.flatMap((e) => e.value ?? [])).size;
}

/** The first window [end - span, end] containing `time` (a late event may complete a later window). */
function satisfiedWindow(rule: CorrelationRule, entries: Entry[], time: number): Entry[] | undefined {
  for (const end of entries) {
    if (end.time < time || end.time > time + rule.timespanMs) continue;
    const window = entries.filter((e) => e.time >= end.time - rule.timespanMs && e.time <= end.time);
    if (compare(rule.condition.op, measure(rule, window), rule.condition.value)) return window;
  }
  return undefined;
}

export class CorrelationWindows {
  private readonly windows = new Map<string, Entry[]>();

  /** Adds one event that matched a base rule of `rule`; returns a match when the condition holds. */
  add(tenantId: string, rule: CorrelationRule, event: VigilEvent, resolve: FieldResolver): DetectionMatch | undefined {
    const groupValues = rule.groupBy.map((f) => text(resolve(event, f)));
    if (groupValues.some((v) => v === undefined)) return undefined;
    const groupKey = rule.groupBy.map((f, i) => `${f}=${groupValues[i]}`).join("|");
    const key = `${tenantId}\u0000${rule.id}\u0000${groupKey}`;
    const time = Date.parse(event["@timestamp"]);
    const entries = this.windows.get(key) ?? [];
    if (entries.some((e) => e.id === event.id)) return undefined;
    const value = rule.condition.field ? text(resolve(event, rule.condition.field)) : undefined;
    entries.push({ time, id: event.id, entities: eventEntities(event), ...(value !== undefined ? { value } : {}) });
    entries.sort((a, b) => a.time - b.time);
    const newest = (entries.at(-1) as Entry).time;
    const kept = entries.filter((e) => e.time >= newest - rule.timespanMs).slice(-MAX_ENTRIES);
    this.windows.set(key, kept);
    const window = satisfiedWindow(rule, kept, time);
    return window ? toMatch(rule, groupKey, window) : undefined;
  }

  /** Drops windows whose newest event is older than `beforeMs` (call periodically). */
  prune(beforeMs: number): void {
    for (const [key, entries] of this.windows) if ((entries.at(-1)?.time ?? 0) < beforeMs) this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }
}

function toMatch(rule: CorrelationRule, groupKey: string, entries: Entry[]): DetectionMatch {
  return {
    kind: "correlation",
    ruleId: rule.id,
    ruleTitle: rule.title,
    level: rule.level,
    severity: rule.severity,
    tactics: rule.tactics,
    techniques: rule.techniques,
    groupKey,
    firstSeen: new Date((entries[0] as Entry).time).toISOString(),
    lastSeen: new Date((entries.at(-1) as Entry).time).toISOString(),
    eventIds: entries.slice(-MAX_IDS).map((e) => e.id),
    entities: mergeEntities(entries.map((e) => e.entities)),
  };
}
