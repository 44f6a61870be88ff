// Value modifiers, one entry each in a registry keyed by name (pySigma shape). A modifier maps
// staged values to staged values or sets an option; `compileValues` turns the result into matchers.
import type { StringPart } from "./sigma-string";
import { hasWildcards, MANY, parseSigmaString, plainText } from "./sigma-string";
import type { CompareOp, ValueMatcher } from "./values";
import { boolMatcher, cidrMatcher, fieldRefMatcher, compareMatcher, existsMatcher, nullMatcher, numberMatcher, regexMatcher, stringMatcher } from "./values";

export type Staged =
  | { t: "raw"; text: string }
  | { t: "str"; parts: StringPart[] }
  | { t: "num"; n: number }
  | { t: "bool"; b: boolean }
  | { t: "null" }
  | { t: "re"; pattern: string }
  | { t: "matcher"; m: ValueMatcher };

export interface ModifierState {
  all: boolean;
  cased: boolean;
  encoding: "utf8" | "utf16le" | "utf16be";
  reFlags: Set<string>;
}

type Apply = (values: Staged[], state: ModifierState) => Staged[];

function asParts(v: Staged, modifier: string): StringPart[] {
  if (v.t === "str") return v.parts;
  if (v.t === "raw") return parseSigmaString(v.text);
  if (v.t === "num") return [String(v.n)];
  throw new Error(`modifier "${modifier}" needs string values`);
}

const wrap = (name: string, before: boolean, after: boolean): Apply => (values) =>
  values.map((v): Staged => {
    const parts = asParts(v, name);
    const head: StringPart[] = before && parts[0] !== MANY ? [MANY] : [];
    const tail: StringPart[] = after && parts.at(-1) !== MANY ? [MANY] : [];
    return { t: "str", parts: [...head, ...parts, ...tail] };
  });

function encode(text: string, encoding: ModifierState["encoding"]): Buffer {
  if (encoding !== "utf16be") return Buffer.from(text, encoding);
  const le = Buffer.from(text, "utf16le");
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] as number, le[i] as number];
  return le;
}

function literal(v: Staged, name: string): string {
  const parts = asParts(v, name);
  if (hasWildcards(parts)) throw new Error(`modifier "${name}" cannot encode wildcards`);
  return plainText(parts);
}

const base64: Apply = (values, state) =>
  values.map((v) => ({ t: "str", parts: [encode(literal(v, "base64"), state.encoding).toString("base64")] }));

/** The three base64 renderings of a value at any byte offset (as pySigma computes them). */
const base64offset: Apply = (values, state) =>
  values.flatMap((v) => {
    const bytes = encode(literal(v, "base64offset"), state.encoding);
    return [0, 1, 2].map((shift): Staged => {
      const b64 = Buffer.concat([Buffer.alloc(shift, " "), bytes]).toString("base64");
      const start = [0, 2, 3][shift] as number;
      const end = [undefined, -3, -2][(bytes.length + shift) % 3];
      return { t: "str", parts: [b64.slice(start, end)] };
    });
  });

const DASHES = ["-", "/", "\u2013", "\u2014", "\u2015"];
const windash: Apply = (values) =>
  values.flatMap((v) => {
    const parts = asParts(v, "windash");
    return DASHES.map((d): Staged => ({
      t: "str",
      parts: parts.map((p, i) => (typeof p === "string" ? p.replace(i === 0 ? /(^|\s)[-/]/g : /(\s)[-/]/g, `$1${d}`) : p)),
    }));
  });

const compare = (op: CompareOp): Apply => (values) =>
  values.map((v) => {
    const n = v.t === "num" ? v.n : v.t === "raw" && v.text.trim() !== "" ? Number(v.text) : NaN;
    if (Number.isNaN(n)) throw new Error(`modifier "${op}" needs a number`);
    return { t: "matcher", m: compareMatcher(op, n) };
  });

const option = (set: (s: ModifierState) => void): Apply => (values, state) => {
  set(state);
  return values;
};

export const MODIFIERS: ReadonlyMap<string, Apply> = new Map<string, Apply>([
  ["contains", wrap("contains", true, true)],
  ["startswith", wrap("startswith", false, true)],
  ["endswith", wrap("endswith", true, false)],
  ["all", option((s) => (s.all = true))],
  ["cased", option((s) => (s.cased = true))],
  ["wide", option((s) => (s.encoding = "utf16le"))],
  ["utf16le", option((s) => (s.encoding = "utf16le"))],
  ["utf16be", option((s) => (s.encoding = "utf16be"))],
  ["utf16", option((s) => (s.encoding = "utf16le"))],
  ["base64", base64],
  ["base64offset", base64offset],
  ["windash", windash],
  ["re", (values) => values.map((v) => {
    if (v.t !== "raw") throw new Error(`modifier "re" needs a string pattern`);
    return { t: "re", pattern: v.text };
  })],
  ["i", option((s) => s.reFlags.add("i"))],
  ["m", option((s) => s.reFlags.add("m"))],
  ["s", option((s) => s.reFlags.add("s"))],
  ["cidr", (values) => values.map((v) => ({ t: "matcher", m: cidrMatcher(literal(v, "cidr")) }))],
  ["exists", (values) => values.map((v) => {
    if (v.t !== "bool") throw new Error(`modifier "exists" needs true or false`);
    return { t: "matcher", m: existsMatcher(v.b) };
  })],
  ["fieldref", (values) => values.map((v) => ({ t: "matcher", m: fieldRefMatcher(literal(v, "fieldref")) }))],
  ["lt", compare("lt")],
  ["lte", compare("lte")],
  ["gt", compare("gt")],
  ["gte", compare("gte")],
]);

export function stage(value: unknown): Staged {
  if (value === null || value === undefined) return { t: "null" };
  if (typeof value === "number") return { t: "num", n: value };
  if (typeof value === "boolean") return { t: "bool", b: value };
  if (typeof value === "string") return { t: "raw", text: value };
  throw new Error(`unsupported value ${JSON.stringify(value)}`);
}

/** PCRE-style leading inline flags `(?i)` become JS flags. */
function compileRegex(pattern: string, flags: Set<string>): RegExp {
  const inline = /^\(\?([imsx]+)\)/.exec(pattern);
  const all = new Set(flags);
  for (const f of inline?.[1] ?? "") if (f !== "x") all.add(f);
  return new RegExp(inline ? pattern.slice(inline[0].length) : pattern, [...all].join(""));
}

export function compileValue(v: Staged, state: ModifierState): ValueMatcher {
  switch (v.t) {
    case "raw": return stringMatcher(parseSigmaString(v.text), state.cased);
    case "str": return stringMatcher(v.parts, state.cased);
    case "num": return numberMatcher(v.n);
    case "bool": return boolMatcher(v.b);
    case "null": return nullMatcher;
    case "re": return regexMatcher(compileRegex(v.pattern, state.reFlags));
    case "matcher": return v.m;
  }
}
