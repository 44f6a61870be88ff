// The compiled in-memory backend: the same answers as `matchesRule` for every rule, found by
// evaluating only candidate rules. A rule is a candidate when one of the index atoms its
// condition needs (see needs.ts) hit the event, or when its condition cannot be indexed.
// Candidates are then evaluated by the reference evaluator itself, with field lookups memoized
// per event, so the index can only ever skip work, never change a result. A rule whose answer
// depends only on a few field values is answered from a cache of those values (rule-memo.ts).
//
// With a processing pipeline, a rule matches when the pipeline admits the event for the rule's
// logsource and `matchesRule` holds (as in DetectionEngine); rules of logsources that do not
// admit the event are never evaluated (see routes.ts).
import type { VigilEvent } from "@vigil/schema";
import { isRecord } from "@vigil/schema";
import type { FieldResolver } from "../eval/fields";
import { resolveField, TAXONOMY_ALIASES } from "../eval/fields";
import { matchesRule } from "../eval/match";
import type { SigmaRule } from "../model/types";
import type { ProcessingPipeline } from "../pipeline/pipeline";
import { EventFields } from "./event-fields";
import { FieldIndex } from "./field-index";
import type { KeywordRoute, KeywordRule } from "./keyword-plan";
import { keywordRoute, keywordRules } from "./keyword-plan";
import { KeywordScan } from "./keyword-scan";
import type { Need } from "./needs";
import { KEYWORDS, ruleNeed } from "./needs";
import type { RouteKey } from "./routes";
import { Router } from "./routes";
import { RuleMemo, ruleFields } from "./rule-memo";
import { runAtOnce, runInSlices } from "../load/slices";

export interface CompileOptions {
  /** Field resolution (the same one the reference evaluator is given); default: the pipeline's. */
  resolve?: FieldResolver;
  /** Logsource scoping and field resolution; default: every rule sees every event. */
  pipeline?: ProcessingPipeline;
  /** What the pipeline's `admits` reads from an event (default: known per pipeline id, see routes.ts). */
  routeKey?: RouteKey;
}

export interface CompileStats {
  rules: number;
  /** Rules with no indexable necessary condition: evaluated for every event. */
  catchAll: number;
  /** Rules that can never match (e.g. `all of` over no selection): never evaluated. */
  never: number;
  fields: number;
  atoms: number;
  /** Distinct logsources (routing groups); 0 without a pipeline. */
  logsources: number;
  automatonStates: number;
}

export interface CompiledRuleSet {
  readonly rules: readonly SigmaRule[];
  readonly stats: CompileStats;
  /** Ids of the rules matching `event`, in rule-set order. */
  match(event: VigilEvent): string[];
  /** The matching rules themselves, in rule-set order. */
  matchRules(event: VigilEvent): SigmaRule[];
  /** How many rules were evaluated for the last event (for benchmarks and tuning). */
  readonly lastCandidates: number;
}

/** Routes reading at most this many fields by key look them up (an event has some 30 keys to walk). */
const PROBE_MAX = 8;

/** Index entries are `rule * 4 + clause` (at most MAX_CLAUSES < 4 clauses per rule). */
const entry = (rule: number, clause: number) => rule * 4 + clause;

/**
 * What an event of one route scans: the indexed fields and catch-all rules of admitted logsources.
 * `byKey` marks the fields found through the event's own keys (see `scan`), `always` the rest;
 * `keywords` holds the needles of the admitted keyword rules, scanned last (keyword-plan.ts).
 */
interface RoutePlan {
  byKey: Uint8Array;
  /** The `byKey` fields, looked up one by one instead when they are few (see `probeKeys`). */
  keyed: FieldIndex[];
  always: FieldIndex[];
  keywords: KeywordRoute | undefined;
  catchAll: number[];
}

/** The costly part of compiling: each rule's needs added to the field indexes, then each index sealed (its automaton built). */
interface Prepared {
  router: Router | undefined;
  /** Per rule: the clause bits a candidate needs (all its clauses). */
  full: Uint8Array;
  catchAll: number[];
  never: number;
  needs: Need[];
  indexes: FieldIndex[];
  groupsOfIndex: Map<FieldIndex, Set<number>>;
}

/** `Prepared`, yielding after each rule and each sealed index, so that `compileRulesAsync` can let the event loop through. */
function* prepare(rules: readonly SigmaRule[], options: CompileOptions): Generator<void, Prepared> {
  const router = options.pipeline ? new Router(rules, options.pipeline, options.routeKey) : undefined;
  const full = new Uint8Array(rules.length);
  const catchAll: number[] = [];
  const groupsOfIndex = new Map<FieldIndex, Set<number>>();
  const byField = new Map<string, FieldIndex>();
  let never = 0;
  const needs: Need[] = rules.map(() => null);
  for (let i = 0; i < rules.length; i++) {
    yield;
    const need = ruleNeed(rules[i] as SigmaRule);
    if (need === null) {
      catchAll.push(i);
      continue;
    }
    if (need.some((clause) => clause.length === 0)) {
      never++;
      continue;
    }
    needs[i] = need;
    full[i] = (1 << need.length) - 1;
    need.forEach((clause, j) => {
      for (const atom of clause) {
        let index = byField.get(atom.field);
        if (!index) byField.set(atom.field, (index = new FieldIndex(atom.field, byField.size)));
        index.add(atom, entry(i, j));
        if (router) groupsOfIndex.set(index, (groupsOfIndex.get(index) ?? new Set()).add(router.groupOf[i] as number));
      }
    });
  }
  const indexes = [...byField.values()];
  for (const index of indexes) {
    yield;
    index.seal();
  }
  return { router, full, catchAll, never, needs, indexes, groupsOfIndex };
}

class Compiled implements CompiledRuleSet {
  readonly stats: CompileStats;
  lastCandidates = 0;
  private readonly indexes: FieldIndex[];
  private readonly catchAll: number[];
  private readonly fields: EventFields;
  private readonly stamp: Uint32Array;
  private readonly mask: Uint8Array;
  private readonly full: Uint8Array;
  private epoch = 0;
  /** Reused for every event (read only within `matchRules`). */
  private readonly candidates: number[] = [];
  private readonly router: Router | undefined;
  private readonly groupsOfIndex: Map<FieldIndex, Set<number>>;
  private readonly plans = new WeakMap<Uint8Array, RoutePlan>();
  /** Keyword plans of the routes, shared by the routes admitting the same keyword rules. */
  private readonly keywordRoutes = new Map<string, KeywordRoute>();
  private readonly keywordRules: KeywordRule[];
  private readonly keywordScan = new KeywordScan();
  private readonly everything: RoutePlan;
  /**
   * With the default resolver a field name without dots (other than the taxonomy aliases)
   * resolves only when it is an own key of the event or of `original`, so such fields are looked
   * up from the event's keys instead of resolving every indexed field (most are absent from any
   * one event).
   */
  private readonly byName: Map<string, FieldIndex> | undefined;
  private readonly seen: Uint32Array;
  private admitted: Uint8Array | undefined;
  /** Per rule: its answer cache when the answer is a function of a few field values (rule-memo.ts). */
  private readonly memos: (RuleMemo | undefined)[];
  private readonly mark = (e: number): void => {
    const rule = e >> 2;
    if (this.admitted && this.admitted[(this.router as Router).groupOf[rule] as number] === 0) return;
    if (this.stamp[rule] !== this.epoch) {
      this.stamp[rule] = this.epoch;
      this.mask[rule] = 0;
    }
    const before = this.mask[rule] as number;
    const after = before | (1 << (e & 3));
    if (after === before) return;
    this.mask[rule] = after;
    if (after === this.full[rule]) this.candidates.push(rule);
  };

  constructor(readonly rules: readonly SigmaRule[], options: CompileOptions, prepared: Prepared) {
    const resolve = options.resolve ?? options.pipeline?.resolve ?? resolveField;
    ({ router: this.router, full: this.full, catchAll: this.catchAll, indexes: this.indexes, groupsOfIndex: this.groupsOfIndex } = prepared);
    this.stamp = new Uint32Array(rules.length);
    this.mask = new Uint8Array(rules.length);
    this.keywordRules = keywordRules(prepared.needs);
    this.memos = rules.map((rule) => {
      const fields = ruleFields(rule);
      return fields ? new RuleMemo(fields) : undefined;
    });
    this.fields = new EventFields(resolve, this.indexes.map((x) => x.field));
    this.seen = new Uint32Array(this.indexes.length);
    // A taxonomy field absent from the event and its original resolves through its alias: not a key lookup.
    const keyed = (x: FieldIndex) => resolve === resolveField && !x.field.includes(".") && x.field !== KEYWORDS && !TAXONOMY_ALIASES.has(x.field);
    if (resolve === resolveField) this.byName = new Map(this.indexes.filter(keyed).map((x) => [x.field, x]));
    this.everything = this.makePlan(() => true, () => true);
    this.stats = {
      rules: rules.length,
      catchAll: this.catchAll.length,
      never: prepared.never,
      fields: this.indexes.length,
      atoms: this.indexes.reduce((n, x) => n + x.atoms, 0),
      automatonStates: this.indexes.reduce((n, x) => n + x.states, 0),
      logsources: this.router?.groups ?? 0,
    };
  }

  private makePlan(usedIndex: (x: FieldIndex) => boolean, usedRule: (r: number) => boolean): RoutePlan {
    const used = this.indexes.filter(usedIndex);
    const byKey = new Uint8Array(this.indexes.length);
    const keyed: FieldIndex[] = [];
    const always: FieldIndex[] = [];
    let keywords: KeywordRoute | undefined;
    for (const x of used) {
      if (x.field === KEYWORDS) keywords = this.keywordRoute(x.slot, usedRule);
      else if (this.byName?.get(x.field) === x) {
        byKey[x.slot] = 1;
        keyed.push(x);
      }
      else always.push(x);
    }
    return { byKey, keyed, always, keywords, catchAll: this.catchAll.filter(usedRule) };
  }

  private keywordRoute(slot: number, usedRule: (r: number) => boolean): KeywordRoute {
    const used = this.keywordRules.filter((k) => usedRule(k.rule));
    const key = used.map((k) => k.rule).join();
    let route = this.keywordRoutes.get(key);
    if (!route) this.keywordRoutes.set(key, (route = keywordRoute(used, slot)));
    return route;
  }

  /** The keyword scan, with the gated rules' needles only when one of them already hit its other clauses. */
  private scanKeywords(event: VigilEvent, route: KeywordRoute): void {
    let index = route.ungated;
    const { gated, gates } = route;
    const { stamp, mask, epoch } = this;
    for (let i = 0; i < gated.length; i++) {
      const r = gated[i] as number;
      const gate = gates[i] as number;
      if (stamp[r] === epoch && ((mask[r] as number) & gate) === gate) {
        index = route.all;
        break;
      }
    }
    if (index) this.keywordScan.run(event, index, this.mark);
  }

  private plan(admitted: Uint8Array | undefined): RoutePlan {
    if (!admitted || !this.router) return this.everything;
    let plan = this.plans.get(admitted);
    if (plan) return plan;
    const groupOf = this.router.groupOf;
    plan = this.makePlan(
      (x) => [...(this.groupsOfIndex.get(x) ?? [])].some((g) => admitted[g] === 1),
      (r) => admitted[groupOf[r] as number] === 1,
    );
    this.plans.set(admitted, plan);
    return plan;
  }

  private scanIndex(index: FieldIndex): void {
    if (this.seen[index.slot] === this.epoch) return;
    this.seen[index.slot] = this.epoch;
    this.scanScalars(index);
  }

  /** Scans the field's value (loaded or provided for this event). */
  private scanScalars(index: FieldIndex): void {
    const { fields, mark } = this;
    if (fields.scalars(index.slot, index.field).length === 0) return;
    index.scanPresent(mark);
    for (const text of fields.texts(index.slot, index.field)) index.scanText(text, mark);
    if (index.hasTests) for (const value of fields.scalars(index.slot, index.field)) index.scanValue(value, mark);
  }

  /**
   * Scans a route's few keyed fields by looking each up: cheaper than walking every key of the
   * event when the route's rules read only a handful of fields. The value is the default
   * resolver's for a field without dots: the event's own value, else the original's.
   */
  private probeKeys(event: VigilEvent, plan: RoutePlan): void {
    const doc = event as unknown as Record<string, unknown>;
    const original = isRecord(event.original) ? event.original : undefined;
    for (const index of plan.keyed) {
      const field = index.field;
      // One read per object for the usual absent field; `hasOwn` only confirms a value found.
      let value = doc[field];
      if (value !== undefined && !Object.hasOwn(doc, field)) value = undefined;
      if (value === undefined && original) {
        value = original[field];
        if (value !== undefined && !Object.hasOwn(original, field)) value = undefined;
      }
      if (value !== undefined) this.scanValueOf(index, value);
    }
  }

  /** Scans an indexed field's value (as the resolver gives it), once per event. */
  private scanValueOf(index: FieldIndex, value: unknown): void {
    const { seen, epoch, mark } = this;
    if (seen[index.slot] === epoch) return;
    seen[index.slot] = epoch;
    this.fields.provide(index.slot, value);
    if (typeof value !== "string") return this.scanScalars(index);
    index.scanPresent(mark);
    index.scanText(value, mark);
    if (index.hasTests) index.scanValue(value, mark);
  }

  /**
   * Scans the indexed fields among `doc`'s keys, reading each value in the key walk: with the
   * default resolver a field without dots is the event's own value, else the original's, so
   * the event is walked first and a field it holds (not undefined) is not read again.
   */
  private scanKeys(doc: Record<string, unknown> | undefined, plan: RoutePlan): void {
    const byName = this.byName as Map<string, FieldIndex>;
    const { seen, epoch } = this;
    for (const key in doc) {
      const index = byName.get(key);
      if (!index || plan.byKey[index.slot] !== 1 || seen[index.slot] === epoch) continue;
      const value = doc[key];
      if (value !== undefined && Object.hasOwn(doc, key)) this.scanValueOf(index, value);
    }
  }

  matchRules(event: VigilEvent): SigmaRule[] {
    this.fields.reset(event);
    this.epoch = (this.epoch + 1) >>> 0 || 1;
    if (this.epoch === 1) {
      this.stamp.fill(0);
      this.seen.fill(0);
    }
    this.candidates.length = 0;
    this.admitted = this.router?.admitted(event);
    const plan = this.plan(this.admitted);
    if (plan.keyed.length <= PROBE_MAX) this.probeKeys(event, plan);
    else {
      this.scanKeys(event as unknown as Record<string, unknown>, plan);
      this.scanKeys(event.original, plan);
    }
    for (const index of plan.always) this.scanIndex(index);
    if (plan.keywords) this.scanKeywords(event, plan.keywords);
    for (const r of plan.catchAll) this.candidates.push(r);
    const candidates = sortSmall(this.candidates);
    this.lastCandidates = candidates.length;
    const out: SigmaRule[] = [];
    const resolve = this.fields.resolve;
    for (const r of candidates) {
      const rule = this.rules[r] as SigmaRule;
      const memo = this.memos[r];
      if (memo ? memo.matches(rule, event, resolve) : matchesRule(rule, event, resolve)) out.push(rule);
    }
    return out;
  }

  match(event: VigilEvent): string[] {
    return this.matchRules(event).map((r) => r.id);
  }
}

/** Sorts rule indexes ascending in place: insertion sort for the few candidates of most events (no comparator calls). */
function sortSmall(list: number[]): number[] {
  if (list.length > 16) return list.sort((a, b) => a - b);
  for (let i = 1; i < list.length; i++) {
    const r = list[i] as number;
    let j = i;
    while (j > 0 && (list[j - 1] as number) > r) {
      list[j] = list[j - 1] as number;
      j--;
    }
    list[j] = r;
  }
  return list;
}

export function compileRules(rules: readonly SigmaRule[], options: CompileOptions = {}): CompiledRuleSet {
  return new Compiled(rules, options, runAtOnce(prepare(rules, options)));
}

/**
 * `compileRules` that lets the event loop through every `sliceMs` (between rules and between field
 * indexes): a full SigmaHQ set takes ~0.7 s to compile, which would otherwise stall every tenant's
 * detection on the thread. The longest single step is the largest automaton (~0.3 s for the 238k
 * states of the SigmaHQ Windows `Hashes` needles).
 */
export async function compileRulesAsync(rules: readonly SigmaRule[], options: CompileOptions = {}, sliceMs = 20): Promise<CompiledRuleSet> {
  return new Compiled(rules, options, await runInSlices(prepare(rules, options), sliceMs));
}
