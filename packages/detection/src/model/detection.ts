// Builds selections from a rule's `detection` map: maps are AND, lists are OR.
import { RuleShapeError } from "../load/errors";
import { PlaceholderError } from "./expand";
import { compileValue, freshState, MODIFIERS, stage } from "./modifiers";
import type { DetectionItem, Selection } from "./types";

type Path = (string | number)[];

/** Load-time inputs of value building. */
export interface BuildOptions {
  /** Placeholder name (without `%`) -> values, for `|expand`. */
  placeholders?: ReadonlyMap<string, readonly string[]>;
  /** Collectors filled per rule by buildRule/buildFilter (see ModifierState). */
  used?: Set<string>;
  unresolved?: Set<string>;
  /** "empty": a placeholder without values stands for an empty list instead of rejecting the rule. */
  missingPlaceholders?: "reject" | "empty";
}

// Keyword values are searched as substrings of the event's text, as full-text backends do,
// unless a modifier already says how to match.
const KEYWORD_EXPLICIT = /^(re|base64|base64offset|cidr|contains|startswith|endswith|exists|fieldref|lt|lte|gt|gte|neq)$/;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function buildItem(key: string, raw: unknown, path: Path, options: BuildOptions): DetectionItem {
  const [fieldName = "", ...written] = key.split("|");
  const keywordContains = fieldName === "" && !written.some((m) => KEYWORD_EXPLICIT.test(m));
  const modifiers = keywordContains ? [...written, "contains"] : written;
  const values = Array.isArray(raw) ? raw : [raw];
  const state = freshState(options.placeholders, { ...(options.used ? { used: options.used } : {}), ...(options.unresolved ? { unresolved: options.unresolved } : {}) });
  try {
    let staged = values.map(stage);
    for (const name of modifiers) {
      const apply = MODIFIERS.get(name);
      if (!apply) throw new Error(`unknown modifier "${name}"`);
      staged = apply(staged, state);
    }
    const matchers = staged.map((v) => compileValue(v, state));
    // `|neq` with a list: different from every value, not from any one of them.
    return { field: fieldName === "" ? null : fieldName, modifiers, matchers, all: state.all || state.negate };
  } catch (error) {
    if (error instanceof PlaceholderError) throw new RuleShapeError(path, error.message, "placeholder");
    throw new RuleShapeError(path, error instanceof Error ? error.message : String(error));
  }
}

function buildGroup(map: Record<string, unknown>, path: Path, options: BuildOptions): DetectionItem[] {
  return Object.entries(map).map(([key, value]) => buildItem(key, value, [...path, key], options));
}

export function buildSelection(name: string, raw: unknown, path: Path, options: BuildOptions = {}): Selection {
  if (isMap(raw)) return { name, alternatives: [buildGroup(raw, path, options)] };
  if (Array.isArray(raw)) {
    const keywords = raw.filter((v) => !isMap(v) && !Array.isArray(v));
    const alternatives = raw.flatMap((v, i) => (isMap(v) ? [buildGroup(v, [...path, i], options)] : []));
    if (raw.some(Array.isArray)) throw new RuleShapeError(path, "nested lists are not allowed in a selection");
    if (keywords.length > 0) alternatives.push([buildItem("", keywords, path, options)]);
    return { name, alternatives };
  }
  if (typeof raw === "string" || typeof raw === "number") return { name, alternatives: [[buildItem("", [raw], path, options)]] };
  throw new RuleShapeError(path, "a selection must be a map, a list or a keyword");
}

/** What a rule or filter records of its placeholders (absent when it has none). */
export interface PlaceholderUse {
  /** Every `%name%` its `|expand` values use. */
  placeholders?: string[];
  /** Those without values at load time: they stand for empty lists until the tenant fills them. */
  unresolvedPlaceholders?: string[];
}

/** Per-document collectors for buildRule/buildFilter, and what they collected. */
export function placeholderCollectors(options: BuildOptions): { options: BuildOptions; use: () => PlaceholderUse } {
  const used = new Set<string>();
  const unresolved = options.missingPlaceholders === "empty" ? new Set<string>() : undefined;
  return {
    options: { ...options, used, ...(unresolved ? { unresolved } : {}) },
    use: () => ({
      ...(used.size > 0 ? { placeholders: [...used].sort() } : {}),
      ...(unresolved && unresolved.size > 0 ? { unresolvedPlaceholders: [...unresolved].sort() } : {}),
    }),
  };
}
