// Sigma filter (meta-rule adding an exception to existing rules) -> SigmaFilter.
import { RuleShapeError } from "../load/errors";
import type { Doc } from "./build-rule";
import { buildCondition, buildSelections, isMap, logsourceOf, optionalString } from "./build-rule";
import type { BuildOptions } from "./detection";
import { placeholderCollectors } from "./detection";
import type { SigmaFilter } from "./types";

function filterRules(raw: unknown): SigmaFilter["rules"] {
  if (typeof raw === "string") return /^(any|all)$/i.test(raw) ? "any" : [raw];
  if (Array.isArray(raw) && raw.every((r) => typeof r === "string")) return raw.length === 0 ? "any" : (raw as string[]);
  throw new RuleShapeError(["filter", "rules"], `"rules" must be a rule id or name, a list of them, or "any"`);
}

export function buildFilter(doc: Doc, file: string, options: BuildOptions = {}): SigmaFilter {
  const title = optionalString(doc, "title");
  if (!title) throw new RuleShapeError([], `missing "title"`);
  const body = doc.filter;
  if (!isMap(body)) throw new RuleShapeError(["filter"], `"filter" must be a map`);
  if (!isMap(doc.logsource)) throw new RuleShapeError(["logsource"], `a filter needs a "logsource" map`);
  if (typeof body.condition !== "string") throw new RuleShapeError(["filter", "condition"], `a filter needs exactly one condition string`);
  const rules = filterRules(body.rules);
  const collect = placeholderCollectors(options);
  const selections = buildSelections(body, "filter", ["condition", "rules"], collect.options);
  const id = optionalString(doc, "id") ?? optionalString(doc, "name") ?? title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return { kind: "filter", id, title, file, logsource: logsourceOf(doc), rules, selections, condition: buildCondition(body, selections, "filter"), ...collect.use() };
}
