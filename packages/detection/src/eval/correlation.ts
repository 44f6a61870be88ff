// Sliding-window state for all correlation types, per tenant, correlation and group. Windows run
// on event time: an occurrence may complete a window ending at a later entry, and events older
// than the tenant's watermark minus the allowed lateness are dropped and counted as late.
import type { VigilEvent } from "@vigil/schema";
import type { CorrelationRule } from "../model/types";
import { closesWindows, holds, measure, measureRange } from "./correlation/measure";
import { DistinctCounts } from "./correlation/distinct";
import type { Group } from "./correlation/groups";
import { Groups, text } from "./correlation/groups";
import type { CorrelationSnapshot, Entry, Occurrence, TenantSnapshot, TenantState } from "./correlation/types";
import type { Entities } from "./entities";
import { EntityAccumulator, eventEntities } from "./entities";
import { formatEventTime } from "./event-time";
import type { FieldResolver } from "./fields";
import type { DetectionMatch } from "./match-types";

export type { CorrelationSnapshot, Occurrence } from "./correlation/types";
export { groupField } from "./correlation/groups";

const MAX_ENTRIES = 10_000;
const MAX_IDS = 100;
/** Dropped entries are spliced out once this many (or half the group) have accumulated. */
const COMPACT_AT = 1024;
export const DEFAULT_LATENESS_MS = 60_000;

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

/** Inserts by time (after equal times); false when the entry is not the newest (inserted before others). */
function insert(entries: Entry[], entry: Entry): boolean {
  let i = entries.length;
  while (i > 0 && (entries[i - 1] as Entry).t > entry.t) i--;
  if (i === entries.length) {
    entries.push(entry);
    return true;
  }
  entries.splice(i, 0, entry);
  return false;
}

/** First index whose entry time is >= `t` (entries sorted by time). */
function lowerBound(entries: readonly Entry[], t: number): number {
  const n = entries.length;
  // Most occurrences arrive in time order: their time is at (or past) the newest entry's.
  if (n === 0 || (entries[n - 1] as Entry).t < t) return n;
  if (n === 1 || (entries[n - 2] as Entry).t < t) return n - 1;
  if ((entries[0] as Entry).t >= t) return 0;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as Entry).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose entry time is > `t`. */
function upperBound(entries: readonly Entry[], t: number): number {
  const n = entries.length;
  if (n === 0 || (entries[n - 1] as Entry).t <= t) return n;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as Entry).t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A window of a group's entries: indexes `from`..`to` (inclusive) and its measured value. */
interface Span {
  from: number;
  to: number;
  n: number;
}

/**
 * The first window [end - span, end] with end at or after `time` that satisfies the condition.
 * Binary searches and index ranges: an in-order event costs O(log n) for event_count (the
 * other types measure the window's entries).
 */
function satisfiedWindow(rule: CorrelationRule, group: Group, time: number): Span | undefined {
  const { entries } = group;
  let i = lowerBound(entries, time);
  while (i < entries.length) {
    const end = entries[i] as Entry;
    if (end.t > time + rule.timespanMs) break;
    // Entries sharing the end time belong to the window too.
    const last = upperBound(entries, end.t) - 1;
    // The newest MAX_ENTRIES entries count; older ones wait for the next compaction.
    const from = Math.max(lowerBound(entries, end.t - rule.timespanMs), entries.length - MAX_ENTRIES);
    const n = rule.type === "event_count" ? last - from + 1 : rule.type === "value_count" ? distinctValues(rule, group, from, last) : measureRange(rule, entries, from, last, end);
    if (n !== undefined && holds(rule.criteria, n)) return { from, to: last, n };
    // Only value_percentile depends on which entry the window ends at; the others measure the same window.
    i = rule.type === "value_percentile" ? i + 1 : last + 1;
  }
  return undefined;
}

/** Windows of at least this many entries keep their value_count counts (smaller ones are recounted: cheaper than a map per group). */
const KEEP_COUNTS_FROM = 32;

/** value_count of the window `entries[from..to]`: from the group's kept counts when the window ends at its newest entry. */
function distinctValues(rule: CorrelationRule, group: Group, from: number, to: number): number | undefined {
  const { entries } = group;
  if (to === entries.length - 1 && (group.distinct || to - from + 1 >= KEEP_COUNTS_FROM)) return (group.distinct ??= DistinctCounts.from(from)).suffix(entries, from);
  return measureRange(rule, entries, from, to, entries[to] as Entry);
}

/** Whether an occurrence with the same id of the same rule is already in the group (same id, same time). */
function seen(entries: readonly Entry[], occ: Occurrence): boolean {
  for (let i = lowerBound(entries, occ.time); i < entries.length && (entries[i] as Entry).t === occ.time; i++) {
    const e = entries[i] as Entry;
    if (e.id === occ.id && e.r === occ.ruleId) return true;
  }
  return false;
}

/**
 * Occurrences of a group after its full match, folded in O(1) amortized each: the time span, the
 * newest event ids (at most MAX_IDS) and entities (capped per kind).
 */
class CountUp {
  private first = Infinity;
  private last = -Infinity;
  private ids: string[] = [];
  private readonly entities = new EntityAccumulator();

  constructor(readonly rule: CorrelationRule, readonly groupKey: string) {}

  add(occ: Occurrence): void {
    this.first = Math.min(this.first, occ.first ?? occ.time);
    this.last = Math.max(this.last, occ.time);
    const ids = occ.eventIds.length > MAX_IDS ? occ.eventIds.slice(-MAX_IDS) : occ.eventIds;
    for (const id of ids) this.ids.push(id);
    if (this.ids.length > 4 * MAX_IDS) this.ids = this.ids.slice(-MAX_IDS);
    this.entities.add(occ.entities);
  }

  match(): DetectionMatch {
    const r = this.rule;
    return {
      kind: "correlation", ruleId: r.id, ruleTitle: r.title, level: r.level, severity: r.severity, tactics: r.tactics, techniques: r.techniques,
      groupKey: this.groupKey, firstSeen: formatEventTime(this.first), lastSeen: formatEventTime(this.last),
      eventIds: [...new Set(this.ids)].slice(-MAX_IDS), entities: this.entities.result(),
    };
  }
}

/** One event as an occurrence (`CorrelationWindows.add`). */
class SingleEvent implements Occurrence {
  readonly id: string;
  readonly eventIds: string[];
  readonly entities: Entities;

  constructor(readonly ruleId: string, readonly time: number, private readonly event: VigilEvent, private readonly resolve: FieldResolver) {
    this.id = event.id;
    this.eventIds = [event.id];
    this.entities = eventEntities(event);
  }

  field(name: string): unknown {
    return this.resolve(this.event, name);
  }
}

export class CorrelationWindows {
  private tenants = new Map<string, TenantState>();
  /** Per tenant, count-up updates gathered during the current batch (not in snapshots: taken after each batch). */
  private readonly updates = new Map<string, Map<string, CountUp>>();

  constructor(readonly latenessMs = DEFAULT_LATENESS_MS) {}

  private tenant(tenantId: string): TenantState {
    let state = this.tenants.get(tenantId);
    if (!state) this.tenants.set(tenantId, (state = { watermark: -Infinity, late: 0, groups: new Groups(), closing: new Set(), fired: new Map() }));
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
    const state = this.tenant(tenantId);
    const group = state.groups.of(rule, occ);
    if (!group) return undefined;
    const { key, groupKey, entries } = group;
    const groupValues = group.groupValues as Record<string, string>;
    if (seen(entries, occ)) return undefined;
    if (closesWindows(rule)) {
      insert(entries, { ...toEntry(rule, occ), g: groupValues });
      state.closing.add(key);
      return undefined;
    }
    const entry = toEntry(rule, occ);
    if (!insert(entries, entry)) group.distinct = undefined;
    const horizon = Math.max(state.watermark, occ.time) - this.latenessMs - rule.timespanMs;
    // Entries older than the horizon, or beyond the newest MAX_ENTRIES, no longer count: windows
    // skip them (see satisfiedWindow), and they are removed in chunks, not one splice per event.
    const drop = Math.max(lowerBound(entries, horizon), entries.length - MAX_ENTRIES);
    if (drop >= COMPACT_AT || drop * 2 > entries.length) {
      entries.splice(0, drop);
      if (group.distinct && !group.distinct.shift(drop)) group.distinct = undefined;
    }
    const window = satisfiedWindow(rule, group, occ.time);
    if (!window) return undefined;
    // Throttling: a full match when the condition first holds; while later windows overlap the
    // emitted one, occurrences only feed the group's count-up update (taken once per batch).
    const percentile = rule.type === "value_percentile";
    const firedKey = percentile ? `${key}\u0000${String(entry.v)}` : key;
    const last = percentile ? state.fired.get(firedKey) : (group.fired === undefined ? (group.fired = state.fired.get(key) ?? null) : group.fired) ?? undefined;
    const end = (entries[window.to] as Entry).t;
    if (last && (entries[window.from] as Entry).t <= last.end) {
      this.countUp(tenantId, key, rule, groupKey, occ);
      return undefined;
    }
    const fired = { end: Math.max(end, last?.end ?? -Infinity) };
    state.fired.set(firedKey, fired);
    if (!percentile) group.fired = fired;
    return { match: toMatch(rule, groupKey, entries, window.from, window.to), groupValues };
  }

  private countUp(tenantId: string, key: string, rule: CorrelationRule, groupKey: string, occ: Occurrence): void {
    let tenant = this.updates.get(tenantId);
    if (!tenant) this.updates.set(tenantId, (tenant = new Map()));
    let update = tenant.get(key);
    if (!update) tenant.set(key, (update = new CountUp(rule, groupKey)));
    update.add(occ);
  }

  /**
   * The count-up updates gathered since the last call (one per correlation and group that had
   * occurrences after its full match), oldest group first; the engine takes them after each batch.
   */
  takeUpdates(tenantId: string): { rule: CorrelationRule; match: DetectionMatch }[] {
    const tenant = this.updates.get(tenantId);
    if (!tenant) return [];
    this.updates.delete(tenantId);
    return [...tenant.values()].map((u) => ({ rule: u.rule, match: u.match() }));
  }

  /**
   * Evaluates the windows that can no longer change (start + timespan + lateness before the
   * watermark) of correlations with upper-bound conditions, one window after another per group.
   */
  closeDue(tenantId: string, rules: ReadonlyMap<string, CorrelationRule>): { rule: CorrelationRule; hit: CorrelationHit }[] {
    const state = this.tenants.get(tenantId);
    if (!state || state.closing.size === 0) return [];
    const out: { rule: CorrelationRule; hit: CorrelationHit }[] = [];
    for (const key of state.closing) {
      const s = state as TenantState;
      const cut = key.indexOf("\u0000");
      const rule = rules.get(key.slice(0, cut));
      const group = s.groups.get(key);
      const entries = group?.entries ?? [];
      while (rule && entries.length > 0 && (entries[0] as Entry).t + rule.timespanMs + this.latenessMs < s.watermark) {
        const end = (entries[0] as Entry).t + rule.timespanMs;
        let n = 0;
        while (n < entries.length && (entries[n] as Entry).t <= end) n++;
        const window = entries.splice(0, n);
        const measured = measure(rule, window, window.at(-1) as Entry);
        const groupValues = (window[0] as Entry).g ?? {};
        if (measured !== undefined && holds(rule.criteria, measured)) out.push({ rule, hit: { match: toMatch(rule, key.slice(cut + 1), window, 0, window.length - 1), groupValues } });
      }
      if (!rule || entries.length === 0) {
        if (group) s.groups.delete(group);
        s.closing.delete(key);
      }
    }
    return out;
  }

  /**
   * Compatibility with the event_count/value_count era: one event that matched a base rule.
   * Occurrences after a full match go to the count-up updates: call `takeUpdates` after a batch.
   */
  add(tenantId: string, rule: CorrelationRule, event: VigilEvent, resolve: FieldResolver, ruleId = rule.rules[0] ?? ""): DetectionMatch | undefined {
    const time = Date.parse(event["@timestamp"]);
    if (!this.admit(tenantId, time)) return undefined;
    return this.addOccurrence(tenantId, rule, new SingleEvent(ruleId, time, event, resolve))?.match;
  }

  /** Drops groups whose newest entry is older than `beforeMs` (call periodically). */
  prune(beforeMs: number): void {
    for (const state of this.tenants.values()) {
      for (const group of state.groups.byKey.values()) if ((group.entries.at(-1)?.t ?? 0) < beforeMs) state.groups.delete(group);
      for (const [key, fired] of state.fired) {
        if (fired.end >= beforeMs) continue;
        state.fired.delete(key);
        const group = state.groups.get(key);
        if (group) group.fired = undefined;
      }
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
      tenants[id] = { watermark: Number.isFinite(s.watermark) ? s.watermark : null, late: s.late, groups: s.groups.entries(), fired: Object.fromEntries(s.fired) };
    }
    return JSON.parse(JSON.stringify({ version: 1, tenants })) as CorrelationSnapshot;
  }

  /** Replaces all state with a snapshot's. */
  restore(snapshot: CorrelationSnapshot): void {
    if (snapshot.version !== 1) throw new Error(`unsupported correlation snapshot version ${String(snapshot.version)}`);
    const copy = JSON.parse(JSON.stringify(snapshot.tenants)) as Record<string, TenantSnapshot>;
    this.tenants = new Map(Object.entries(copy).map(([id, s]) => {
      const groups = Groups.restore(s.groups);
      const closing = new Set([...groups.byKey.values()].filter((g) => g.entries[0]?.g !== undefined).map((g) => g.key));
      return [id, { watermark: s.watermark ?? -Infinity, late: s.late, groups, closing, fired: new Map(Object.entries(s.fired ?? {})) }];
    }));
  }
}

/** The match of the window `entries[from..to]`: O(window) for entities, O(MAX_IDS) for event ids. */
function toMatch(rule: CorrelationRule, groupKey: string, entries: readonly Entry[], from: number, to: number): DetectionMatch {
  let first = Infinity;
  const entities = new EntityAccumulator();
  for (let i = from; i <= to; i++) {
    const e = entries[i] as Entry;
    first = Math.min(first, e.f ?? e.t);
    if (!entities.isFull) entities.add(e.e);
  }
  return {
    kind: "correlation",
    ruleId: rule.id,
    ruleTitle: rule.title,
    level: rule.level,
    severity: rule.severity,
    tactics: rule.tactics,
    techniques: rule.techniques,
    groupKey,
    firstSeen: formatEventTime(first),
    lastSeen: formatEventTime((entries[to] as Entry).t),
    eventIds: recentIds(entries, from, to),
    entities: entities.result(),
  };
}

/** The window's most recent distinct event ids (at most MAX_IDS), oldest first: O(MAX_IDS) per match. */
function recentIds(entries: readonly Entry[], from: number, to: number): string[] {
  const picked = new Set<string>();
  for (let i = to; i >= from && picked.size < MAX_IDS; i--) {
    const ids = (entries[i] as Entry).ids;
    for (let k = ids.length - 1; k >= 0 && picked.size < MAX_IDS; k--) picked.add(ids[k] as string);
  }
  return [...picked].reverse();
}
