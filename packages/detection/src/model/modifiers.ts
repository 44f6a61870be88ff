// Value modifiers, one entry each in a registry keyed by name (pySigma shape). A modifier maps
// staged values to staged values or sets an option; `compileValue` turns the result into a matcher.
import { base64, base64offset, encodeAs, windash } from "./encodings";
import { expand } from "./expand";
import { MANY, parseSigmaString } from "./sigma-string";
import type { StringPart } from "./sigma-string";
import type { Apply, FieldRefMode, ModifierState, Staged } from "./staged";
import { asParts, literalText, numberOf } from "./staged";
import type { TimePart } from "./time-parts";
import { TIME_PARTS, timePartMatcher } from "./time-parts";
import type { CompareOp, ValueMatcher } from "./values";
import {
  boolMatcher, cidrMatcher, compareMatcher, existsMatcher, fieldRefMatcher, notMatcher, nullMatcher, numberMatcher, regexMatcher, stringMatcher,
} from "./values";

export type { ModifierState, Staged } from "./staged";
export { stage } from "./staged";

type Position = "contains" | "startswith" | "endswith";

function reAnchored(pattern: string, position: Position): string {
  // Regexes search (unanchored), so `contains` changes nothing; starts/ends anchor one side.
  if (position === "startswith" && !pattern.startsWith("^")) return `^(?:${pattern})`;
  if (position === "endswith" && !pattern.endsWith("$")) return `(?:${pattern})$`;
  return pattern;
}

function refMode(current: FieldRefMode, position: Position): FieldRefMode {
  if (current === "equals") return position;
  return current === position ? current : "contains";
}

const wrap = (position: Position): Apply => (values) =>
  values.map((v): Staged => {
    if (v.t === "re") return { t: "re", pattern: reAnchored(v.pattern, position) };
    if (v.t === "ref") return { ...v, mode: refMode(v.mode, position) };
    const parts = asParts(v, position);
    const head: StringPart[] = position !== "startswith" && parts[0] !== MANY ? [MANY] : [];
    const tail: StringPart[] = position !== "endswith" && parts.at(-1) !== MANY ? [MANY] : [];
    return { t: "str", parts: [...head, ...parts, ...tail] };
  });

const compare = (op: CompareOp): Apply => (values) => values.map((v) => ({ t: "cmp", op, n: numberOf(v, op) }));

const option = (set: (s: ModifierState) => void): Apply => (values, state) => {
  set(state);
  return values;
};

const re: Apply = (values) =>
  values.map((v) => {
    if (v.t !== "raw") throw new Error(`modifier "re" needs an unmodified string pattern`);
    return { t: "re", pattern: v.text };
  });

const cidr: Apply = (values) => values.map((v) => ({ t: "matcher", m: cidrMatcher(literalText(v, "cidr")) }));

const exists: Apply = (values) =>
  values.map((v) => {
    if (v.t !== "bool") throw new Error(`modifier "exists" needs true or false`);
    return { t: "matcher", m: existsMatcher(v.b) };
  });

const fieldref: Apply = (values) => values.map((v) => ({ t: "ref", field: literalText(v, "fieldref"), mode: "equals" }));

const timePart = (part: TimePart): Apply => (values, state) => {
  state.timePart = part;
  return values.map((v) => (v.t === "cmp" ? v : { t: "num", n: numberOf(v, part) }));
};

export const MODIFIERS: ReadonlyMap<string, Apply> = new Map<string, Apply>([
  ["contains", wrap("contains")],
  ["startswith", wrap("startswith")],
  ["endswith", wrap("endswith")],
  ["all", option((s) => (s.all = true))],
  ["cased", option((s) => (s.cased = true))],
  ["neq", option((s) => (s.negate = true))],
  ["wide", encodeAs("utf16le")],
  ["utf16le", encodeAs("utf16le")],
  ["utf16be", encodeAs("utf16be")],
  ["utf16", encodeAs("utf16")],
  ["base64", base64],
  ["base64offset", base64offset],
  ["windash", windash],
  ["re", re],
  ["i", option((s) => s.reFlags.add("i"))],
  ["ignorecase", option((s) => s.reFlags.add("i"))],
  ["m", option((s) => s.reFlags.add("m"))],
  ["multiline", option((s) => s.reFlags.add("m"))],
  ["s", option((s) => s.reFlags.add("s"))],
  ["dotall", option((s) => s.reFlags.add("s"))],
  ["cidr", cidr],
  ["exists", exists],
  ["expand", expand],
  ["fieldref", fieldref],
  ["lt", compare("lt")],
  ["lte", compare("lte")],
  ["gt", compare("gt")],
  ["gte", compare("gte")],
  ...TIME_PARTS.map((p): [string, Apply] => [p, timePart(p)]),
]);

/** PCRE-style leading inline flags `(?i)` become JS flags. */
function compileRegex(pattern: string, flags: Set<string>): RegExp {
  const inline = /^\(\?([imsx]+)\)/.exec(pattern);
  const all = new Set(flags);
  for (const f of inline?.[1] ?? "") if (f !== "x") all.add(f);
  return new RegExp(inline ? pattern.slice(inline[0].length) : pattern, [...all].join(""));
}

function baseMatcher(v: Staged, state: ModifierState): ValueMatcher {
  switch (v.t) {
    case "raw": return stringMatcher(parseSigmaString(v.text), state.cased);
    case "str": return stringMatcher(v.parts, state.cased);
    case "bytes": return stringMatcher([v.b.toString("latin1")], true);
    case "num": return numberMatcher(v.n);
    case "bool": return boolMatcher(v.b);
    case "null": return nullMatcher;
    case "re": return regexMatcher(compileRegex(v.pattern, state.reFlags));
    case "cmp": return compareMatcher(v.op, v.n);
    case "ref": return fieldRefMatcher(v.field, v.mode, state.cased);
    case "matcher": return v.m;
  }
}

export function compileValue(v: Staged, state: ModifierState): ValueMatcher {
  const base = baseMatcher(v, state);
  const timed = state.timePart ? timePartMatcher(state.timePart, base) : base;
  return state.negate ? notMatcher(timed) : timed;
}

export function freshState(
  placeholders: ReadonlyMap<string, readonly string[]> = new Map(),
  collect: Pick<ModifierState, "used" | "unresolved"> = {},
): ModifierState {
  return { all: false, cased: false, negate: false, reFlags: new Set(), placeholders, ...collect };
}
