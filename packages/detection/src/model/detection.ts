// Builds selections from a rule's `detection` map: maps are AND, lists are OR.
import { RuleShapeError } from "../load/errors";
import type { ModifierState } from "./modifiers";
import { compileValue, MODIFIERS, stage } from "./modifiers";
import type { DetectionItem, Selection } from "./types";

type Path = (string | number)[];

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function buildItem(key: string, raw: unknown, path: Path): DetectionItem {
  const [fieldName = "", ...written] = key.split("|");
  // Keywords are searched in the text, as full-text backends do.
  const keywordContains = fieldName === "" && !written.some((m) => /^(re|base64|base64offset|cidr|contains)$/.test(m));
  const modifiers = keywordContains ? ["contains", ...written] : written;
  const values = Array.isArray(raw) ? raw : [raw];
  const state: ModifierState = { all: false, cased: false, encoding: "utf8", reFlags: new Set() };
  try {
    let staged = values.map(stage);
    for (const name of modifiers) {
      const apply = MODIFIERS.get(name);
      if (!apply) throw new Error(`unknown modifier "${name}"`);
      staged = apply(staged, state);
    }
    const matchers = staged.map((v) => compileValue(v, state));
    return { field: fieldName === "" ? null : fieldName, modifiers, matchers, all: state.all };
  } catch (error) {
    throw new RuleShapeError(path, error instanceof Error ? error.message : String(error));
  }
}

function buildGroup(map: Record<string, unknown>, path: Path): DetectionItem[] {
  return Object.entries(map).map(([key, value]) => buildItem(key, value, [...path, key]));
}

export function buildSelection(name: string, raw: unknown, path: Path): Selection {
  if (isMap(raw)) return { name, alternatives: [buildGroup(raw, path)] };
  if (Array.isArray(raw)) {
    const keywords = raw.filter((v) => !isMap(v) && !Array.isArray(v));
    const alternatives = raw.flatMap((v, i) => (isMap(v) ? [buildGroup(v, [...path, i])] : []));
    if (raw.some(Array.isArray)) throw new RuleShapeError(path, "nested lists are not allowed in a selection");
    if (keywords.length > 0) alternatives.push([buildItem("", keywords, path)]);
    return { name, alternatives };
  }
  if (typeof raw === "string" || typeof raw === "number") return { name, alternatives: [[buildItem("", [raw], path)]] };
  throw new RuleShapeError(path, "a selection must be a map, a list or a keyword");
}
