// YAML text -> rule set. Collects every bad rule (file, line, YAML path, reason) instead of
// stopping at the first, unless `strict` is set.
import type { Document } from "yaml";
import { LineCounter, parseAllDocuments } from "yaml";
import { buildCorrelation, buildRule } from "../model/build-rule";
import type { AnyRule, CorrelationRule, SigmaRule } from "../model/types";
import { RuleShapeError, SigmaRuleError } from "./errors";

export interface RuleSource {
  file: string;
  text: string;
}

export interface RuleSet {
  rules: SigmaRule[];
  correlations: CorrelationRule[];
  /** Ids of base rules whose own matches are not alerts (referenced by a non-generating correlation). */
  silent: ReadonlySet<string>;
  errors: SigmaRuleError[];
}

function located(doc: Document, counter: LineCounter, file: string, path: (string | number)[], reason: string): SigmaRuleError {
  let node: unknown;
  for (let n = path.length; n >= 0 && !node; n--) node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
  const offset = (node as { range?: [number, number] } | undefined)?.range?.[0];
  const pos = offset === undefined ? undefined : counter.linePos(offset);
  return new SigmaRuleError(file, path.join("."), reason, pos?.line, pos?.col);
}

function buildDocument(doc: Document, counter: LineCounter, file: string): AnyRule | SigmaRuleError | undefined {
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
    if (map.filter !== undefined && map.detection === undefined) throw new RuleShapeError(["filter"], "Sigma filters are not supported yet");
    return buildRule(map, file);
  } catch (error) {
    if (error instanceof RuleShapeError) return located(doc, counter, file, error.path, error.message);
    const reason = error instanceof Error ? error.message : String(error);
    return new SigmaRuleError(file, "", reason);
  }
}

function link(set: RuleSet): void {
  const byRef = new Map<string, SigmaRule>();
  for (const r of set.rules) {
    byRef.set(r.id, r);
    if (r.name) byRef.set(r.name, r);
  }
  const silent = new Set<string>();
  set.correlations = set.correlations.filter((c) => {
    const missing = c.rules.filter((ref) => !byRef.has(ref));
    if (missing.length > 0) {
      set.errors.push(new SigmaRuleError(c.file, "correlation.rules", `unknown rule ${missing.map((m) => `"${m}"`).join(", ")}`));
      return false;
    }
    c.rules = c.rules.map((ref) => (byRef.get(ref) as SigmaRule).id);
    if (!c.generate) c.rules.forEach((id) => silent.add(id));
    return true;
  });
  set.silent = silent;
}

export function loadRules(sources: readonly RuleSource[], options: { strict?: boolean } = {}): RuleSet {
  const set: RuleSet = { rules: [], correlations: [], silent: new Set(), errors: [] };
  for (const { file, text } of sources) {
    const counter = new LineCounter();
    for (const doc of parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false })) {
      const built = buildDocument(doc as Document, counter, file);
      if (built instanceof SigmaRuleError) set.errors.push(built);
      else if (built?.kind === "rule") set.rules.push(built);
      else if (built?.kind === "correlation") set.correlations.push(built);
    }
  }
  link(set);
  if (options.strict && set.errors[0]) throw set.errors[0];
  return set;
}
