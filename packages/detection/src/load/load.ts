// YAML text -> rule set. Collects every bad rule (file, line, YAML path, reason) instead of
// stopping at the first, unless `strict` is set.
import type { Document } from "yaml";
import { LineCounter, parseAllDocuments } from "yaml";
import { buildCorrelation } from "../model/build-correlation";
import { buildFilter } from "../model/build-filter";
import { buildRule } from "../model/build-rule";
import type { BuildOptions } from "../model/detection";
import type { CorrelationRule, SigmaFilter, SigmaRule } from "../model/types";
import { RuleShapeError, SigmaRuleError } from "./errors";
import { link } from "./link";
import { runAtOnce, runInSlices } from "./slices";

export interface RuleSource {
  file: string;
  text: string;
}

export interface RuleSet {
  rules: SigmaRule[];
  correlations: CorrelationRule[];
  /** Ids of base rules whose own matches are not alerts (referenced by correlations, none with `generate: true`). */
  silent: ReadonlySet<string>;
  errors: SigmaRuleError[];
  /** Sigma filters loaded with the rules (already folded into `rules` by the loader). */
  filters?: SigmaFilter[];
  /** Rules compiled with placeholders that have no values yet (empty lists): fill them to arm the rules. */
  waiting?: WaitingRule[];
}

export interface WaitingRule {
  ruleId: string;
  title: string;
  file: string;
  placeholders: string[];
}

export interface LoadOptions {
  /** Throw the first error instead of collecting them. */
  strict?: boolean;
  /**
   * Values of `%name%` placeholders for `|expand` (per tenant: its named lists, or per engine).
   */
  placeholders?: Readonly<Record<string, string | readonly string[]>> | ReadonlyMap<string, readonly string[]>;
  /**
   * A placeholder missing from `placeholders`: "empty" (default) compiles the rule with an empty
   * list there (an item made only of it matches nothing) and records the name on the rule
   * (`unresolvedPlaceholders`, reported by detection health as a list to fill); "reject" refuses
   * the rule with `placeholder %name% has no value` (code "placeholder"), the spec's choice for a
   * tool without lists.
   */
  missingPlaceholders?: "empty" | "reject";
}

function placeholderMap(given: LoadOptions["placeholders"]): ReadonlyMap<string, readonly string[]> {
  if (!given) return new Map();
  if (given instanceof Map) return given;
  return new Map(Object.entries(given).map(([k, v]) => [k, typeof v === "string" ? [v] : v] as const));
}

function located(doc: Document, counter: LineCounter, file: string, path: (string | number)[], reason: string, code?: string): SigmaRuleError {
  let node: unknown;
  for (let n = path.length; n >= 0 && !node; n--) node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
  const offset = (node as { range?: [number, number] } | undefined)?.range?.[0];
  const pos = offset === undefined ? undefined : counter.linePos(offset);
  return new SigmaRuleError(file, path.join("."), reason, pos?.line, pos?.col, code);
}

type Built = SigmaRule | CorrelationRule | SigmaFilter;

function buildDocument(doc: Document, counter: LineCounter, file: string, options: BuildOptions): Built | SigmaRuleError | undefined {
  const first = doc.errors[0];
  if (first) {
    const pos = counter.linePos(first.pos[0]);
    return new SigmaRuleError(file, "", first.message.split("\n")[0] ?? "invalid YAML", pos.line, pos.col);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) return undefined;
  try {
    if (typeof data !== "object" || Array.isArray(data)) throw new RuleShapeError([], "a rule must be a YAML map");
    const map = data as Record<string, unknown>;
    if (map.correlation !== undefined) return buildCorrelation(map, file);
    if (map.filter !== undefined && map.detection === undefined) return buildFilter(map, file, options);
    return buildRule(map, file, options);
  } catch (error) {
    if (error instanceof RuleShapeError) return located(doc, counter, file, error.path, error.message, error.code);
    const reason = error instanceof Error ? error.message : String(error);
    return new SigmaRuleError(file, "", reason);
  }
}

/** Builds every document of `sources` into `set`, yielding after each source file. */
function* buildSources(sources: readonly RuleSource[], build: BuildOptions, set: RuleSet): Generator<void> {
  for (const { file, text } of sources) {
    const counter = new LineCounter();
    for (const doc of parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false })) {
      const built = buildDocument(doc as Document, counter, file, build);
      if (built instanceof SigmaRuleError) set.errors.push(built);
      else if (built?.kind === "rule") set.rules.push(built);
      else if (built?.kind === "correlation") set.correlations.push(built);
      else if (built?.kind === "filter") set.filters?.push(built);
    }
    yield;
  }
}

function emptySet(): RuleSet {
  return { rules: [], correlations: [], silent: new Set(), errors: [], filters: [] };
}

function buildOptions(options: LoadOptions): BuildOptions {
  return { placeholders: placeholderMap(options.placeholders), missingPlaceholders: options.missingPlaceholders ?? "empty" };
}

function finish(set: RuleSet, options: LoadOptions): RuleSet {
  link(set);
  set.waiting = set.rules.filter((r) => r.unresolvedPlaceholders).map((r) => ({ ruleId: r.id, title: r.title, file: r.file, placeholders: r.unresolvedPlaceholders ?? [] }));
  if (options.strict && set.errors[0]) throw set.errors[0];
  return set;
}

export function loadRules(sources: readonly RuleSource[], options: LoadOptions = {}): RuleSet {
  const set = emptySet();
  runAtOnce(buildSources(sources, buildOptions(options), set));
  return finish(set, options);
}

/**
 * `loadRules` for a process that serves other work meanwhile (ingest): gives the event loop back
 * every `sliceMs` of building (a few thousand SigmaHQ rules take seconds to parse), so requests
 * keep being answered while a tenant's rule set loads.
 */
export async function loadRulesAsync(sources: readonly RuleSource[], options: LoadOptions = {}, sliceMs = 20): Promise<RuleSet> {
  const set = emptySet();
  await runInSlices(buildSources(sources, buildOptions(options), set), sliceMs);
  return finish(set, options);
}
