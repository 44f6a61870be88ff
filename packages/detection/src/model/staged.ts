// Values between modifiers: what a YAML value has become after the modifiers applied so far.
import type { StringPart } from "./sigma-string";
import { hasWildcards, parseSigmaString, plainText } from "./sigma-string";
import type { CompareOp, ValueMatcher } from "./values";

export type FieldRefMode = "equals" | "startswith" | "endswith" | "contains";

export type Staged =
  | { t: "raw"; text: string }
  | { t: "str"; parts: StringPart[] }
  /** Encoded bytes (utf16*): matched as a latin1 string unless base64 encodes them. */
  | { t: "bytes"; b: Buffer }
  | { t: "num"; n: number }
  | { t: "bool"; b: boolean }
  | { t: "null" }
  | { t: "re"; pattern: string }
  | { t: "cmp"; op: CompareOp; n: number }
  | { t: "ref"; field: string; mode: FieldRefMode }
  | { t: "matcher"; m: ValueMatcher };

export interface ModifierState {
  all: boolean;
  cased: boolean;
  /** `|neq`: the value must differ from every listed value. */
  negate: boolean;
  reFlags: Set<string>;
  timePart?: "minute" | "hour" | "day" | "week" | "month" | "year";
  /** Placeholder name -> values (Sigma strings), for `|expand`. */
  placeholders: ReadonlyMap<string, readonly string[]>;
  /** Every placeholder name met (with or without values). */
  used?: Set<string>;
  /** Collects placeholders without values instead of rejecting the rule (they expand to nothing). */
  unresolved?: Set<string>;
}

export type Apply = (values: Staged[], state: ModifierState) => Staged[];

export function stage(value: unknown): Staged {
  if (value === null || value === undefined) return { t: "null" };
  if (typeof value === "number") return { t: "num", n: value };
  if (typeof value === "boolean") return { t: "bool", b: value };
  if (typeof value === "string") return { t: "raw", text: value };
  throw new Error(`unsupported value ${JSON.stringify(value)}`);
}

export function asParts(v: Staged, modifier: string): StringPart[] {
  if (v.t === "str") return v.parts;
  if (v.t === "raw") return parseSigmaString(v.text);
  if (v.t === "num") return [String(v.n)];
  if (v.t === "bytes") return [v.b.toString("latin1")];
  throw new Error(`modifier "${modifier}" needs string values, got ${v.t === "null" ? "null" : v.t === "bool" ? "a boolean" : "a typed value"}`);
}

/** A value without wildcards, as bytes (utf8 text, or the bytes an encoding modifier made). */
export function literalBytes(v: Staged, modifier: string): Buffer {
  if (v.t === "bytes") return v.b;
  return Buffer.from(literalText(v, modifier), "utf8");
}

export function literalText(v: Staged, modifier: string): string {
  const parts = asParts(v, modifier);
  if (hasWildcards(parts)) throw new Error(`modifier "${modifier}" cannot be applied to a value with wildcards`);
  return plainText(parts);
}

export function numberOf(v: Staged, modifier: string): number {
  const n = v.t === "num" ? v.n : v.t === "raw" && v.text.trim() !== "" ? Number(v.text) : NaN;
  if (Number.isNaN(n)) throw new Error(`modifier "${modifier}" needs a number`);
  return n;
}
