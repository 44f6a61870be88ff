// Sliding-window state for all correlation types, per tenant, correlation and group. Windows run
// on event time: an occurrence may complete a window ending at a later entry, and events older
// than the tenant's watermark minus the allowed lateness are dropped and counted as late.
import type { VigilEvent } from "@vigil/schema";
import type { CorrelationRule } from "../model/types";
import { closesWindows, holds, measure } from "./correlation/measure";
import type { CorrelationSnapshot, Entry, Occurrence, TenantSnapshot, TenantState } from "./correlation/types";
import { eventEntities, mergeEntities } from "./entities";
import type { FieldResolver } from "./fields";
import type { DetectionMatch } from "./match-types";

export type { CorrelationSnapshot, Occurrence } from "./correlation/types";

const MAX_ENTRIES = 10_000;
const MAX_IDS = 100;
export const DEFAULT_LATENESS_MS = 60_000;

function text(value: unknown): string | undefined {
  if (value === undefined || value === null || typeof value === "object") return undefined;
  return String(value);
}

/** A correlation's group field for an occurrence of one of its rules, through `aliases`. */
export function groupField(rule: CorrelationRule, name: string, ruleId: string): string {
  return rule.aliases[name]?.[ruleId] ?? name;
}

/** The match of a correlation: which group, which window. */
export interface CorrelationHit {
  match: DetectionMatch;
  groupValues: Record<string, string>;
}

function toEntry(rule: CorrelationRule, occ: Occurrence): Entry {
  const entry: Entry = { t: occ.time, id: occ.id, r: occ.ruleId, ids: occ.eventIds.length > MAX_IDS ? occ.eventIds.slice(-MAX_IDS) : occ.eventIds, e: occ.entities };
  if (occ.first !== undefined && occ.first < occ.time) entry.f = occ.first;
  const raw = rule.fields ? tuple(rule.fields, occ) : rule.condition.field ? occ.field(rule.condition.field) : undefined;
  const v = typeof raw === "number" ? raw : text(raw);
  if (v !== undefined) entry.v = v;
  return entry;
}

/** Several condition fields (value_count): one value per combination, absent if any is missing. */
function tuple(fields: readonly string[], occ: Occurrence): string | undefined {
  const parts = fields.map((f) => text(occ.field(f)));
  return parts.some((p) => p === undefined) ? undefined : JSON.stringify(parts);
}

function insert(entries: Entry[], entry: Entry): void {
  let i = entries.length;
  while (i > 0 && (entries[i - 1] as Entry).t > entry.t) i--;
  entries.splice(i, 0, entry);
}

/** The first window [end - span, end] with end at or after `time` that satisfies the condition. */
function satisfiedWindow(rule: CorrelationRule, entries: Entry[], time: number): Entry[] | undefined {
  let start = 0;
  for (let i = 0; i < entries.length; i++) {
    const end = entries[i] as Entry;
    if (end.t < time) continue;
    if (end.t > time + rule.timespanMs) break;
    // Entries sharing the end time belong to the window too.
    let last = i;
    while (last + 1 < entries.length && (entries[last + 1] as Entry).t === end.t) last++;
    while ((entries[start] as Entry).t < end.t - rule.timespanMs) start++;
    const window = entries.slice(start, last + 1);
    const n = measure(rule, window, end);
    if (n !== undefined && holds(rule.criteria, n)) return window;
  }
  return undefined;
}

export class CorrelationWindows {
  private tenants = new Map<string, TenantState>();

  constructor(readonly latenessMs = DEFAULT_LATENESS_MS) {}

  private tenant(tenantId: string): TenantState {
    let state = this.tenants.get(tenantId);
    if (!state) this.tenants.set(tenantId, (state = { watermark: -Infinity, late: 0, groups: new Map(), closing: new Set() }));
    return state;
  }

  /** Advances the tenant's watermark; false (and counted) when the event is too late to count. */
  admit(tenantId: string, time: number): boolean {
    const state = this.tenant(tenantId);
    if (time < state.watermark - this.latenessMs) {
      state.late++;
      return false;
    }
    if (time > state.watermark) state.watermark = time;
    return true;
  }

  /** Adds one occurrence of a rule of `rule`; returns a hit when a window containing it satisfies the condition. */
  addOccurrence(tenantId: string, rule: CorrelationRule, occ: Occurrence): CorrelationHit | undefined {
    const groupValues: Record<string, string> = {};
    let groupKey = "";
    for (const name of rule.groupBy) {
      const v = text(occ.field(groupField(rule, name, occ.ruleId)));
      if (v === undefined) return undefined;
      groupValues[name] = v;
      groupKey += `${groupKey === "" ? "" : "|"}${name}=${v}`;
    }
    const state = this.tenant(tenantId);
    const key = `${rule.id}\u0000${groupKey}`;
    let entries = state.groups.get(key);
    if (!entries) state.groups.set(key, (entries = []));
    for (const e of entries) if (e.id === occ.id && e.r === occ.ruleId) return undefined;
    if (closesWindows(rule)) {
      insert(entries, { ...toEntry(rule, occ), g: groupValues });
      state.closing.add(key);
      return undefined;
    }
    insert(entries, toEntry(rule, occ));
    const horizon = Math.max(state.watermark, occ.time) - this.latenessMs - rule.timespanMs;
    let drop = 0;
    while (drop < entries.length && (entries[drop] as Entry).t < horizon) drop++;
    drop = Math.max(drop, entries.length - MAX_ENTRIES);
    if (drop > 0) entries.splice(0, drop);
    const window = satisfiedWindow(rule, entries, occ.time);
    return window ? { match: toMatch(rule, groupKey, window), groupValues } : undefined;
  }

  /**
   * Evaluates the windows that can no longer change (start + timespan + lateness before the
   * watermark) of correlations with upper-bound conditions, one window after another per group.
   */
  closeDue(tenantId: string, rules: ReadonlyMap<string, CorrelationRule>): { rule: CorrelationRule; hit: CorrelationHit }[] {
    const state = this.tenants.get(tenantId);
    const out: { rule: CorrelationRule; hit: CorrelationHit }[] = [];
    for (const key of state?.closing ?? []) {
      const s = state as TenantState;
      const cut = key.indexOf("\u0000");
      const rule = rules.get(key.slice(0, cut));
      const entries = s.groups.get(key) ?? [];
      while (rule && entries.length > 0 && (entries[0] as Entry).t + rule.timespanMs + this.latenessMs < s.watermark) {
        const end = (entries[0] as Entry).t + rule.timespanMs;
        let n = 0;
        while (n < entries.length && (entries[n] as Entry).t <= end) n++;
        const window = entries.splice(0, n);
        const measured = measure(rule, window, window.at(-1) as Entry);
        const groupValues = (window[0] as Entry).g ?? {};
        if (measured !== undefined && holds(rule.criteria, measured)) out.push({ rule, hit: { match: toMatch(rule, key.slice(cut + 1), window), groupValues } });
      }
      if (!rule || entries.length === 0) {
        s.groups.delete(key);
        s.closing.delete(key);
      }
    }
    return out;
  }

  /** Compatibility with the event_count/value_count era: one event that matched a base rule. */
  add(tenantId: string, rule: CorrelationRule, event: VigilEvent, resolve: FieldResolver, ruleId = rule.rules[0] ?? ""): DetectionMatch | undefined {
    const time = Date.parse(event["@timestamp"]);
    if (!this.admit(tenantId, time)) return undefined;
    const occ: Occurrence = { ruleId, time, id: event.id, eventIds: [event.id], entities: eventEntities(event), field: (f) => resolve(event, f) };
    return this.addOccurrence(tenantId, rule, occ)?.match;
  }

  /** Drops groups whose newest entry is older than `beforeMs` (call periodically). */
  prune(beforeMs: number): void {
    for (const state of this.tenants.values()) {
      for (const [key, entries] of state.groups) if ((entries.at(-1)?.t ?? 0) < beforeMs) state.groups.delete(key);
    }
  }

  /** Events dropped as too late, per tenant. */
  lateCount(tenantId: string): number {
    return this.tenants.get(tenantId)?.late ?? 0;
  }

  /** Number of live groups across tenants. */
  get size(): number {
    let n = 0;
    for (const state of this.tenants.values()) n += state.groups.size;
    return n;
  }

  /** All state as plain JSON (a deep copy: later events do not change it). */
  snapshot(): CorrelationSnapshot {
    const tenants: Record<string, TenantSnapshot> = {};
    for (const [id, s] of this.tenants) {
      tenants[id] = { watermark: Number.isFinite(s.watermark) ? s.watermark : null, late: s.late, groups: Object.fromEntries(s.groups) };
    }
    return JSON.parse(JSON.stringify({ version: 1, tenants })) as CorrelationSnapshot;
  }

  /** Replaces all state with a snapshot's. */
  restore(snapshot: CorrelationSnapshot): void {
    if (snapshot.version !== 1) throw new Error(`unsupported correlation snapshot version ${String(snapshot.version)}`);
    const copy = JSON.parse(JSON.stringify(snapshot.tenants)) as Record<string, TenantSnapshot>;
    this.tenants = new Map(Object.entries(copy).map(([id, s]) => {
      const groups = new Map(Object.entries(s.groups));
      const closing = new Set([...groups].filter(([, entries]) => entries[0]?.g !== undefined).map(([key]) => key));
      return [id, { watermark: s.watermark ?? -Infinity, late: s.late, groups, closing }];
    }));
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
    firstSeen: new Date(Math.min(...entries.map((e) => e.f ?? e.t))).toISOString(),
    lastSeen: new Date((entries.at(-1) as Entry).t).toISOString(),
    eventIds: [...new Set(entries.flatMap((e) => e.ids))].slice(-MAX_IDS),
    entities: mergeEntities(entries.map((e) => e.e)),
  };
}
