// YAML document (already parsed to plain data) -> SigmaRule / CorrelationRule.
import { ConditionError, parseCondition } from "../condition/parse";
import type { ConditionNode } from "../condition/types";
import { RuleShapeError } from "../load/errors";
import { buildSelection } from "./detection";
import { attackTags, LEVELS } from "./tags";
import type { CompareOp, CorrelationRule, CorrelationType, LogSource, RuleMeta, Selection, SigmaLevel, SigmaRule } from "./types";

type Doc = Record<string, unknown>;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function optionalString(doc: Doc, key: string): string | undefined {
  const v = doc[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new RuleShapeError([key], `"${key}" must be a string`);
  return v;
}

function buildMeta(doc: Doc, file: string): RuleMeta {
  const title = optionalString(doc, "title");
  if (!title) throw new RuleShapeError([], `missing "title"`);
  const levelText = (optionalString(doc, "level") ?? "medium").toLowerCase();
  if (!(levelText in LEVELS)) throw new RuleShapeError(["level"], `unknown level "${levelText}"`);
  const level = levelText as SigmaLevel;
  const rawTags = doc.tags ?? [];
  if (!Array.isArray(rawTags)) throw new RuleShapeError(["tags"], `"tags" must be a list`);
  const tags = rawTags.map(String);
  const name = optionalString(doc, "name");
  const id = optionalString(doc, "id") ?? name ?? title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const description = optionalString(doc, "description");
  const status = optionalString(doc, "status");
  return {
    id, title, level, severity: LEVELS[level], tags, file, ...attackTags(tags),
    ...(name ? { name } : {}), ...(description ? { description } : {}), ...(status ? { status } : {}),
  };
}

function buildCondition(detection: Doc, selections: ReadonlyMap<string, Selection>): ConditionNode {
  const raw = detection.condition;
  const list = Array.isArray(raw) ? raw : [raw];
  if (raw === undefined || list.some((c) => typeof c !== "string")) {
    throw new RuleShapeError(["detection", "condition"], `"condition" must be a string or a list of strings`);
  }
  try {
    const nodes = (list as string[]).map((c) => parseCondition(c, [...selections.keys()]));
    return nodes.length === 1 ? (nodes[0] as ConditionNode) : { type: "or", children: nodes };
  } catch (error) {
    if (error instanceof ConditionError) throw new RuleShapeError(["detection", "condition"], error.message);
    throw error;
  }
}

export function buildRule(doc: Doc, file: string): SigmaRule {
  const meta = buildMeta(doc, file);
  const detection = doc.detection;
  if (!isMap(detection)) throw new RuleShapeError(["detection"], `"detection" must be a map`);
  const selections = new Map<string, Selection>();
  for (const [name, value] of Object.entries(detection)) {
    if (name === "condition" || name === "timeframe") continue;
    selections.set(name, buildSelection(name, value, ["detection", name]));
  }
  const logsource: LogSource = isMap(doc.logsource) ? (doc.logsource as LogSource) : {};
  return { kind: "rule", ...meta, logsource, selections, condition: buildCondition(detection, selections) };
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const OPS: readonly CompareOp[] = ["gt", "gte", "lt", "lte", "eq", "neq"];

export function parseTimespan(text: unknown): number | undefined {
  const m = typeof text === "string" ? /^(\d+)([smhdw])$/.exec(text.trim()) : null;
  return m ? Number(m[1]) * (UNITS[m[2] as string] as number) : undefined;
}

function correlationCondition(raw: unknown): CorrelationRule["condition"] {
  const path = ["correlation", "condition"];
  if (!isMap(raw)) throw new RuleShapeError(path, `"condition" must be a map such as {gte: 5}`);
  const ops = Object.keys(raw).filter((k) => k !== "field");
  const op = ops[0] as CompareOp | undefined;
  if (ops.length !== 1 || !op || !OPS.includes(op)) throw new RuleShapeError(path, `expected exactly one of ${OPS.join(", ")}`);
  const value = raw[op];
  if (typeof value !== "number") throw new RuleShapeError([...path, op], "must be a number");
  return { op, value, ...(typeof raw.field === "string" ? { field: raw.field } : {}) };
}

export function buildCorrelation(doc: Doc, file: string): CorrelationRule {
  const meta = buildMeta(doc, file);
  const c = doc.correlation;
  if (!isMap(c)) throw new RuleShapeError(["correlation"], `"correlation" must be a map`);
  const type = c.type as CorrelationType;
  if (type !== "event_count" && type !== "value_count") {
    throw new RuleShapeError(["correlation", "type"], `unsupported correlation type "${String(c.type)}" (supported: event_count, value_count)`);
  }
  const rules = (Array.isArray(c.rules) ? c.rules : [c.rules]).filter((r): r is string => typeof r === "string");
  if (rules.length === 0) throw new RuleShapeError(["correlation", "rules"], "needs at least one rule name or id");
  const groupBy = c["group-by"] === undefined ? [] : c["group-by"];
  if (!Array.isArray(groupBy)) throw new RuleShapeError(["correlation", "group-by"], "must be a list of field names");
  const timespanMs = parseTimespan(c.timespan ?? c.timeframe);
  if (timespanMs === undefined) throw new RuleShapeError(["correlation", "timespan"], `expected a duration such as "10m"`);
  const condition = correlationCondition(c.condition);
  if (type === "value_count" && !condition.field) throw new RuleShapeError(["correlation", "condition"], "value_count needs a field");
  return { kind: "correlation", ...meta, type, rules, groupBy: groupBy.map(String), timespanMs, condition, generate: c.generate === true };
}
