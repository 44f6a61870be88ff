// YAML document (already parsed to plain data) -> SigmaRule, and the parts meta-rules share.
import { ConditionError, parseCondition } from "../condition/parse";
import type { ConditionNode } from "../condition/types";
import { RuleShapeError } from "../load/errors";
import type { BuildOptions } from "./detection";
import { buildSelection, placeholderCollectors } from "./detection";
import { attackTags, LEVELS } from "./tags";
import type { LogSource, RuleMeta, Selection, SigmaLevel, SigmaRule } from "./types";

export type Doc = Record<string, unknown>;

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function optionalString(doc: Doc, key: string): string | undefined {
  const v = doc[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new RuleShapeError([key], `"${key}" must be a string`);
  return v;
}

export function buildMeta(doc: Doc, file: string): RuleMeta {
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

export function buildCondition(detection: Doc, selections: ReadonlyMap<string, Selection>, section = "detection"): ConditionNode {
  const raw = detection.condition;
  const list = Array.isArray(raw) ? raw : [raw];
  if (raw === undefined || list.some((c) => typeof c !== "string")) {
    throw new RuleShapeError([section, "condition"], `"condition" must be a string or a list of strings`);
  }
  try {
    const nodes = (list as string[]).map((c) => parseCondition(c, [...selections.keys()]));
    return nodes.length === 1 ? (nodes[0] as ConditionNode) : { type: "or", children: nodes };
  } catch (error) {
    if (error instanceof ConditionError) throw new RuleShapeError([section, "condition"], error.message);
    throw error;
  }
}

/** The named selections of a `detection` (or filter) map, skipping the listed non-selection keys. */
export function buildSelections(map: Doc, section: string, skip: readonly string[], options: BuildOptions): Map<string, Selection> {
  const selections = new Map<string, Selection>();
  for (const [name, value] of Object.entries(map)) {
    if (skip.includes(name)) continue;
    selections.set(name, buildSelection(name, value, [section, name], options));
  }
  return selections;
}

export function logsourceOf(doc: Doc): LogSource {
  return isMap(doc.logsource) ? (doc.logsource as LogSource) : {};
}

export function buildRule(doc: Doc, file: string, options: BuildOptions = {}): SigmaRule {
  const meta = buildMeta(doc, file);
  const detection = doc.detection;
  if (!isMap(detection)) throw new RuleShapeError(["detection"], `"detection" must be a map`);
  const collect = placeholderCollectors(options);
  const selections = buildSelections(detection, "detection", ["condition", "timeframe"], collect.options);
  return { kind: "rule", ...meta, logsource: logsourceOf(doc), selections, condition: buildCondition(detection, selections), ...collect.use() };
}

