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
import type { FieldResolver } from "../eval/fields";
import { resolveField } from "../eval/fields";
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

/** Index entries are `rule * 4 + clause` (at most MAX_CLAUSES < 4 clauses per rule). */
const entry = (rule: number, clause: number) => rule * 4 + clause;

/**
 * What an event of one route scans: the indexed fields and catch-all rules of admitted logsources.
 * `byKey` marks the fields found through the event's own keys (see `scan`), `always` the rest;
 * `keywords` holds the needles of the admitted keyword rules, scanned last (keyword-plan.ts).
 */
interface RoutePlan {
  byKey: Uint8Array;
  always: FieldIndex[];
  keywords: KeywordRoute | undefined;
  catchAll: number[];
}

class Compiled implements CompiledRuleSet {
  readonly stats: CompileStats;
  lastCandidates = 0;
  private readonly indexes: FieldIndex[];
  private readonly catchAll: number[] = [];
  private readonly fields: EventFields;
  private readonly stamp: Uint32Array;
  private readonly mask: Uint8Array;
  private readonly full: Uint8Array;
  private epoch = 0;
  private candidates: number[] = [];
  private readonly router: Router | undefined;
  private readonly groupsOfIndex = new Map<FieldIndex, Set<number>>();
  private readonly plans = new WeakMap<Uint8Array, RoutePlan>();
  /** Keyword plans of the routes, shared by the routes admitting the same keyword rules. */
  private readonly keywordRoutes = new Map<string, KeywordRoute>();
  private readonly keywordRules: KeywordRule[];
  private readonly keywordScan = new KeywordScan();
  private readonly everything: RoutePlan;
  /**
   * With the default resolver a field name without dots resolves only when it is an own key of
   * the event or of `original`, so such fields are looked up from the event's keys instead of
   * resolving every indexed field (most are absent from any one event).
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

  constructor(readonly rules: readonly SigmaRule[], options: CompileOptions) {
    const resolve = options.resolve ?? options.pipeline?.resolve ?? resolveField;
    this.router = options.pipeline ? new Router(rules, options.pipeline, options.routeKey) : undefined;
    this.stamp = new Uint32Array(rules.length);
    this.mask = new Uint8Array(rules.length);
    this.full = new Uint8Array(rules.length);
    const byField = new Map<string, FieldIndex>();
    let never = 0;
    const needs: Need[] = rules.map(() => null);
    rules.forEach((rule, i) => {
      const need = ruleNeed(rule);
      if (need === null) return this.catchAll.push(i);
      if (need.some((clause) => clause.length === 0)) return never++;
      needs[i] = need;
      this.full[i] = (1 << need.length) - 1;
      need.forEach((clause, j) => {
        for (const atom of clause) {
          let index = byField.get(atom.field);
          if (!index) byField.set(atom.field, (index = new FieldIndex(atom.field, byField.size)));
          index.add(atom, entry(i, j));
          if (this.router) this.groupsOfIndex.set(index, (this.groupsOfIndex.get(index) ?? new Set()).add(this.router.groupOf[i] as number));
        }
      });
    });
    this.keywordRules = keywordRules(needs);
    this.memos = rules.map((rule) => {
      const fields = ruleFields(rule);
      return fields ? new RuleMemo(fields) : undefined;
    });
    this.indexes = [...byField.values()];
    for (const index of this.indexes) index.seal();
    this.fields = new EventFields(resolve, this.indexes.map((x) => x.field));
    this.seen = new Uint32Array(this.indexes.length);
    const keyed = (x: FieldIndex) => resolve === resolveField && !x.field.includes(".") && x.field !== KEYWORDS;
    if (resolve === resolveField) this.byName = new Map(this.indexes.filter(keyed).map((x) => [x.field, x]));
    this.everything = this.makePlan(() => true, () => true);
    this.stats = {
      rules: rules.length,
      catchAll: this.catchAll.length,
      never,
      fields: this.indexes.length,
      atoms: this.indexes.reduce((n, x) => n + x.atoms, 0),
      automatonStates: this.indexes.reduce((n, x) => n + x.states, 0),
      logsources: this.router?.groups ?? 0,
    };
  }

  private makePlan(usedIndex: (x: FieldIndex) => boolean, usedRule: (r: number) => boolean): RoutePlan {
    const used = this.indexes.filter(usedIndex);
    const byKey = new Uint8Array(this.indexes.length);
    const always: FieldIndex[] = [];
    let keywords: KeywordRoute | undefined;
    for (const x of used) {
      if (x.field === KEYWORDS) keywords = this.keywordRoute(x.slot, usedRule);
      else if (this.byName?.get(x.field) === x) byKey[x.slot] = 1;
      else always.push(x);
    }
    return { byKey, always, keywords, catchAll: this.catchAll.filter(usedRule) };
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
    const { fields, mark } = this;
    if (this.seen[index.slot] === this.epoch) return;
    this.seen[index.slot] = this.epoch;
    if (fields.scalars(index.slot, index.field).length === 0) return;
    index.scanPresent(mark);
    for (const text of fields.texts(index.slot, index.field)) index.scanText(text, mark);
    if (index.hasTests) for (const value of fields.scalars(index.slot, index.field)) index.scanValue(value, mark);
  }

  private scanKeys(doc: object, plan: RoutePlan): void {
    const byName = this.byName as Map<string, FieldIndex>;
    for (const key in doc) {
      const index = byName.get(key);
      if (index && plan.byKey[index.slot] === 1) this.scanIndex(index);
    }
  }

  matchRules(event: VigilEvent): SigmaRule[] {
    this.fields.reset(event);
    this.epoch = (this.epoch + 1) >>> 0 || 1;
    if (this.epoch === 1) {
      this.stamp.fill(0);
      this.seen.fill(0);
    }
    this.candidates = [];
    this.admitted = this.router?.admitted(event);
    const plan = this.plan(this.admitted);
    if (this.byName) {
      this.scanKeys(event, plan);
      this.scanKeys(event.original, plan);
    }
    for (const index of plan.always) this.scanIndex(index);
    if (plan.keywords) this.scanKeywords(event, plan.keywords);
    this.candidates.push(...plan.catchAll);
    const candidates = this.candidates.sort((a, b) => a - b);
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

export function compileRules(rules: readonly SigmaRule[], options: CompileOptions = {}): CompiledRuleSet {
  return new Compiled(rules, options);
}
