// Sigma correlation document -> CorrelationRule (all seven types of the 2.1 specification).
import { RuleShapeError } from "../load/errors";
import type { Doc } from "./build-rule";
import { buildMeta, isMap } from "./build-rule";
import type { CompareOp, CorrelationRule, CorrelationType, Criterion } from "./types";

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const OPS: readonly CompareOp[] = ["gt", "gte", "lt", "lte", "eq", "neq"];
const TYPES: readonly CorrelationType[] = ["event_count", "value_count", "temporal", "temporal_ordered", "value_sum", "value_avg", "value_percentile"];
const NEEDS_FIELD: readonly CorrelationType[] = ["value_count", "value_sum", "value_avg", "value_percentile"];

export function parseTimespan(text: unknown): number | undefined {
  const m = typeof text === "string" ? /^(\d+)([smhdw])$/.exec(text.trim()) : null;
  return m ? Number(m[1]) * (UNITS[m[2] as string] as number) : undefined;
}

function criteriaOf(raw: unknown, type: CorrelationType, ruleCount: number): { criteria: Criterion[]; field?: string; fields?: string[] } {
  const path = ["correlation", "condition"];
  const temporal = type === "temporal" || type === "temporal_ordered";
  // Temporal types without a condition need every referenced rule.
  if (raw === undefined && temporal) return { criteria: [{ op: "gte", value: ruleCount }] };
  if (!isMap(raw)) throw new RuleShapeError(path, `"condition" must be a map such as {gte: 5}`);
  const criteria: Criterion[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === "field") continue;
    if (!OPS.includes(key as CompareOp)) throw new RuleShapeError([...path, key], `unknown operator "${key}" (expected ${OPS.join(", ")})`);
    if (typeof value !== "number") throw new RuleShapeError([...path, key], "must be a number");
    criteria.push({ op: key as CompareOp, value });
  }
  if (criteria.length === 0) throw new RuleShapeError(path, `expected at least one of ${OPS.join(", ")}`);
  const given = raw.field;
  const fields: unknown[] = given === undefined ? [] : Array.isArray(given) ? given : [given];
  if (fields.some((f) => typeof f !== "string")) throw new RuleShapeError([...path, "field"], "must be a field name or a list of them");
  if (NEEDS_FIELD.includes(type) && fields.length === 0) throw new RuleShapeError(path, `${type} needs a "field"`);
  if (fields.length > 1 && type !== "value_count") throw new RuleShapeError([...path, "field"], `only value_count takes several fields`);
  const field = fields[0] as string | undefined;
  return { criteria, ...(field ? { field } : {}), ...(fields.length > 1 ? { fields: fields as string[] } : {}) };
}

function aliasesOf(raw: unknown): CorrelationRule["aliases"] {
  if (raw === undefined) return {};
  const bad = () => new RuleShapeError(["correlation", "aliases"], "must map alias names to {rule name: field}");
  if (!isMap(raw)) throw bad();
  const out: CorrelationRule["aliases"] = {};
  for (const [alias, byRule] of Object.entries(raw)) {
    if (!isMap(byRule) || Object.values(byRule).some((f) => typeof f !== "string")) throw bad();
    out[alias] = byRule as Record<string, string>;
  }
  return out;
}

function listOf(raw: unknown, key: string, what: string): string[] {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.some((r) => typeof r !== "string")) throw new RuleShapeError(["correlation", key], `must be a list of ${what}`);
  return list as string[];
}

export function buildCorrelation(doc: Doc, file: string): CorrelationRule {
  const meta = buildMeta(doc, file);
  const c = doc.correlation;
  if (!isMap(c)) throw new RuleShapeError(["correlation"], `"correlation" must be a map`);
  const type = c.type as CorrelationType;
  if (!TYPES.includes(type)) throw new RuleShapeError(["correlation", "type"], `unknown correlation type "${String(c.type)}" (expected ${TYPES.join(", ")})`);
  const rules = listOf(c.rules, "rules", "rule names or ids");
  if (rules.length === 0) throw new RuleShapeError(["correlation", "rules"], "needs at least one rule name or id");
  const groupBy = listOf(c["group-by"], "group-by", "field names");
  const timespanMs = parseTimespan(c.timespan ?? c.timeframe);
  if (timespanMs === undefined) throw new RuleShapeError(["correlation", "timespan"], `expected a duration such as "10m"`);
  const { criteria, field, fields } = criteriaOf(c.condition, type, rules.length);
  const first = criteria[0] as Criterion;
  const generate = doc.generate === true || c.generate === true;
  return {
    kind: "correlation", ...meta, type, rules, groupBy, timespanMs, criteria, generate, aliases: aliasesOf(c.aliases), ...(fields ? { fields } : {}),
    condition: { op: first.op, value: first.value, ...(field ? { field } : {}) },
  };
}
