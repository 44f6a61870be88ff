// Runs a rule set over a tenant's events: single-event rules, then the correlations fed by them,
// then the correlations fed by those (chains).
import type { VigilEvent } from "@vigil/schema";
import type { RuleSet } from "../load/load";
import type { CorrelationRule, SigmaRule } from "../model/types";
import type { ProcessingPipeline } from "../pipeline/pipeline";
import type { CorrelationHit, CorrelationSnapshot, Occurrence } from "./correlation";
import { CorrelationWindows, DEFAULT_LATENESS_MS } from "./correlation";
import type { Entities } from "./entities";
import { eventEntities, sharedEventEntities } from "./entities";
import { parseEventTime } from "./event-time";
import type { FieldResolver } from "./fields";
import { resolveField } from "./fields";
import { matchesRule } from "./match";
import type { DetectionMatch } from "./match-types";

export interface EngineOptions {
  resolve?: FieldResolver;
  /** Logsource scoping and field resolution (default: every rule sees every event). */
  pipeline?: ProcessingPipeline;
  /** How far behind the newest event time an event may arrive and still count (default 60 s). */
  latenessMs?: number;
  /**
   * The rules of the rule set matching an event (the pipeline admits it and the condition holds),
   * in rule-set order, from a backend that finds them faster than checking every rule (the
   * compiled backend, compile/engine.ts). Default: every rule is checked with `matchesRule`.
   */
  matchingRules?: (event: VigilEvent) => readonly SigmaRule[];
}

/** `user.name=..|source.ip=..|host.name=..` (the entities present), else `event=<id>`: an event match's group key. */
function eventGroupKey(event: VigilEvent): string {
  let key = "";
  const user = event.user?.name;
  const ip = event.source?.ip;
  const host = event.host?.name;
  if (user) key = `user.name=${user}`;
  if (ip) key += `${key === "" ? "" : "|"}source.ip=${ip}`;
  if (host) key += `${key === "" ? "" : "|"}host.name=${host}`;
  return key === "" ? `event=${event.id}` : key;
}

function eventMatch(rule: SigmaRule, event: VigilEvent, groupKey: string): DetectionMatch {
  return {
    kind: "event", ruleId: rule.id, ruleTitle: rule.title, level: rule.level, severity: rule.severity,
    tactics: rule.tactics, techniques: rule.techniques, groupKey,
    firstSeen: event["@timestamp"], lastSeen: event["@timestamp"], eventIds: [event.id], entities: eventEntities(event),
  };
}

/**
 * One event as an occurrence of a base rule. A class, not an object with a closure: one is built
 * per event that feeds a correlation, and its occurrences of other rules share its parts (`forRule`).
 */
class EventOccurrence implements Occurrence {
  constructor(
    readonly ruleId: string,
    readonly time: number,
    readonly id: string,
    readonly eventIds: string[],
    readonly entities: Entities,
    private readonly event: VigilEvent,
    private readonly resolve: FieldResolver,
  ) {}

  static of(ruleId: string, event: VigilEvent, time: number, resolve: FieldResolver): EventOccurrence {
    return new EventOccurrence(ruleId, time, event.id, [event.id], sharedEventEntities(event), event, resolve);
  }

  /** The same event as an occurrence of another rule (ids, entities and field lookup shared). */
  forRule(ruleId: string): EventOccurrence {
    return new EventOccurrence(ruleId, this.time, this.id, this.eventIds, this.entities, this.event, this.resolve);
  }

  field(name: string): unknown {
    return this.resolve(this.event, name);
  }
}

/** A correlation match as an occurrence for the correlations that reference it (fields: its group values, then the event). */
class HitOccurrence implements Occurrence {
  readonly ruleId: string;
  readonly time: number;
  readonly first: number;
  readonly id: string;
  readonly eventIds: string[];
  readonly entities: Entities;

  constructor(rule: CorrelationRule, private readonly hit: CorrelationHit, private readonly event: VigilEvent | undefined, private readonly resolve: FieldResolver) {
    const m = hit.match;
    this.ruleId = rule.id;
    this.time = parseEventTime(m.lastSeen);
    this.first = parseEventTime(m.firstSeen);
    this.id = `${rule.id}|${m.groupKey}|${m.lastSeen}`;
    this.eventIds = m.eventIds;
    this.entities = m.entities;
  }

  field(name: string): unknown {
    return this.hit.groupValues[name] ?? (this.event ? this.resolve(this.event, name) : undefined);
  }
}

export class DetectionEngine {
  readonly windows: CorrelationWindows;
  private readonly resolve: FieldResolver;
  private readonly admits: ProcessingPipeline["admits"];
  private readonly matchingRules: ((event: VigilEvent) => readonly SigmaRule[]) | undefined;
  private readonly parents = new Map<string, CorrelationRule[]>();
  private readonly correlationsById: ReadonlyMap<string, CorrelationRule>;

  constructor(readonly ruleSet: RuleSet, options: EngineOptions | FieldResolver = {}) {
    const opts = typeof options === "function" ? { resolve: options } : options;
    this.resolve = opts.resolve ?? opts.pipeline?.resolve ?? resolveField;
    this.admits = opts.pipeline?.admits ?? (() => true);
    this.matchingRules = opts.matchingRules;
    this.windows = new CorrelationWindows(opts.latenessMs ?? DEFAULT_LATENESS_MS);
    for (const c of ruleSet.correlations) {
      for (const id of c.rules) this.parents.set(id, [...(this.parents.get(id) ?? []), c]);
    }
    this.correlationsById = new Map(ruleSet.correlations.map((c) => [c.id, c]));
  }

  /** The longest correlation timespan: how much history a fresh engine needs to warm up. */
  get longestTimespanMs(): number {
    return Math.max(0, ...this.ruleSet.correlations.map((c) => c.timespanMs));
  }

  /** Forgets correlation groups idle for longer than the longest timespan plus `slackMs`. */
  prune(nowMs: number, slackMs = 60 * 60_000): void {
    this.windows.prune(nowMs - this.longestTimespanMs - slackMs);
  }

  /** All correlation state (every tenant) as plain JSON, for a checkpoint. */
  snapshot(): CorrelationSnapshot {
    return this.windows.snapshot();
  }

  restore(snapshot: CorrelationSnapshot): void {
    this.windows.restore(snapshot);
  }

  /** Events dropped from correlation as later than the allowed lateness. */
  lateCount(tenantId: string): number {
    return this.windows.lateCount(tenantId);
  }

  /** Evaluates `events` (any order; processed by event time) for one tenant. */
  process(tenantId: string, events: readonly VigilEvent[]): DetectionMatch[] {
    const matches: DetectionMatch[] = [];
    if (events.length === 1) {
      const event = events[0] as VigilEvent;
      this.processEvent(tenantId, event, parseEventTime(event["@timestamp"]), matches);
    } else {
      // Each timestamp parsed once, not per comparison; a batch already in time order is not sorted.
      const times = events.map((e) => parseEventTime(e["@timestamp"]));
      for (const i of timeOrder(times)) this.processEvent(tenantId, events[i] as VigilEvent, times[i] as number, matches);
    }
    this.takeUpdates(tenantId, matches);
    return matches;
  }

  /** Count-up updates of correlations that already fired (after the batch's own matches; they feed no other correlation). */
  private takeUpdates(tenantId: string, out: DetectionMatch[]): void {
    for (const { rule, match } of this.windows.takeUpdates(tenantId)) if (!this.ruleSet.silent.has(rule.id)) out.push(match);
  }

  private processEvent(tenantId: string, event: VigilEvent, time: number, matches: DetectionMatch[]): void {
    const matched = this.matchingRules?.(event) ?? this.ruleSet.rules.filter((rule) => this.admits(rule, event) && matchesRule(rule, event, this.resolve));
    let occurrences: EventOccurrence[] | undefined;
    let groupKey: string | undefined;
    for (const rule of matched) {
      if (!this.ruleSet.silent.has(rule.id)) matches.push(eventMatch(rule, event, (groupKey ??= eventGroupKey(event))));
      if (!this.parents.has(rule.id)) continue;
      const first = occurrences?.[0];
      (occurrences ??= []).push(first ? first.forRule(rule.id) : EventOccurrence.of(rule.id, event, time, this.resolve));
    }
    // Single-event rules still match a late event; only the correlation windows refuse it.
    if (this.windows.admit(tenantId, time) && occurrences) for (const occ of occurrences) this.feed(tenantId, occ, event, matches);
    this.closeDue(tenantId, matches);
  }

  /**
   * Moves a tenant's event time to `nowMs` (when no event came for a while) and returns the
   * matches of the windows that closed, for correlations with upper-bound conditions.
   */
  flush(tenantId: string, nowMs: number): DetectionMatch[] {
    this.windows.admit(tenantId, nowMs);
    const matches: DetectionMatch[] = [];
    this.closeDue(tenantId, matches);
    this.takeUpdates(tenantId, matches);
    return matches;
  }

  private closeDue(tenantId: string, out: DetectionMatch[]): void {
    for (const { rule, hit } of this.windows.closeDue(tenantId, this.correlationsById)) this.emit(tenantId, rule, hit, undefined, out);
  }

  private emit(tenantId: string, c: CorrelationRule, hit: CorrelationHit, event: VigilEvent | undefined, out: DetectionMatch[]): void {
    if (!this.ruleSet.silent.has(c.id)) out.push(hit.match);
    if (this.parents.has(c.id)) this.feed(tenantId, new HitOccurrence(c, hit, event, this.resolve), event, out);
  }

  private feed(tenantId: string, occ: Occurrence, event: VigilEvent | undefined, out: DetectionMatch[]): void {
    for (const c of this.parents.get(occ.ruleId) ?? []) {
      const hit = this.windows.addOccurrence(tenantId, c, occ);
      if (hit) this.emit(tenantId, c, hit, event, out);
    }
  }
}

/** Indexes of `times` in ascending time order, equal times in input order (as a stable sort). */
function timeOrder(times: readonly number[]): number[] {
  const order = times.map((_, i) => i);
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) sorted = (times[i - 1] as number) <= (times[i] as number);
  return sorted ? order : order.sort((a, b) => (times[a] as number) - (times[b] as number));
}
