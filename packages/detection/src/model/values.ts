// Typed values after modifiers: each compiles to a matcher over one field value.
import { BlockList, isIP } from "node:net";
import type { StringPart } from "./sigma-string";
import { globTest } from "./glob";
import { hasWildcards, MANY, plainText, toRegExpSource } from "./sigma-string";

/** Reads another field of the same event (for `fieldref`). */
export type FieldLookup = (field: string) => unknown;

export interface ValueMatcher {
  /** Applies to the whole field value (even missing or arrays) instead of each element. */
  readonly whole?: boolean;
  /** What the matcher is, for backends that index values (absent: opaque, test it). */
  readonly kind?: "string" | "number" | "bool" | "null" | "exists" | "regex" | "compare" | "cidr" | "fieldref" | "not" | "time";
  /** For `kind: "string"`: the Sigma string after modifiers, and whether it is case-sensitive. */
  readonly parts?: readonly StringPart[];
  readonly cased?: boolean;
  test(value: unknown, lookup?: FieldLookup): boolean;
}

export type CompareOp = "lt" | "lte" | "gt" | "gte" | "neq";

export function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return undefined;
}

/**
 * The lower-cased text of the last value a case-insensitive matcher saw: an item with a list of
 * values tests one field value against each in a row, so it is lower-cased once, not per value.
 */
let lastText = "";
let lastLower = "";
function lowerCased(text: string): string {
  if (text !== lastText) {
    lastLower = text.toLowerCase();
    lastText = text;
  }
  return lastLower;
}

export function stringMatcher(parts: readonly StringPart[], cased: boolean): ValueMatcher {
  const fold = cased ? (s: string) => s : lowerCased;
  const info = { kind: "string", parts, cased } as const;
  if (!hasWildcards(parts)) {
    const wanted = fold(plainText(parts));
    return { ...info, test: (v) => { const t = scalarText(v); return t !== undefined && fold(t) === wanted; } };
  }
  const inner = parts.slice(1, -1);
  if (parts.length === 3 && parts[0] === MANY && parts[2] === MANY && !hasWildcards(inner)) {
    const needle = fold(plainText(inner));
    return { ...info, test: (v) => { const t = scalarText(v); return t !== undefined && fold(t).includes(needle); } };
  }
  const glob = globTest(parts, cased);
  if (glob) return { ...info, test: (v) => { const t = scalarText(v); return t !== undefined && glob(t); } };
  const re = new RegExp(`^${toRegExpSource(parts)}$`, cased ? "s" : "is");
  return { ...info, test: (v) => { const t = scalarText(v); return t !== undefined && re.test(t); } };
}

export function numberMatcher(n: number): ValueMatcher {
  return { kind: "number", test: (v) => (typeof v === "number" ? v === n : scalarText(v)?.trim() === String(n)) };
}

export function boolMatcher(b: boolean): ValueMatcher {
  return { kind: "bool", test: (v) => v === b || scalarText(v)?.toLowerCase() === String(b) };
}

/** `null`: the field is missing or null (an empty value is `''`, a different value in the spec). */
export const nullMatcher: ValueMatcher = { whole: true, kind: "null", test: (v) => v === undefined || v === null };

/** Presence only: a field holding null or "" exists (spec: "not its value, be it empty or null"). */
export function existsMatcher(expected: boolean): ValueMatcher {
  return { whole: true, kind: "exists", test: (v) => (v !== undefined) === expected };
}

export function regexMatcher(re: RegExp): ValueMatcher {
  return { kind: "regex", test: (v) => { const t = scalarText(v); return t !== undefined && re.test(t); } };
}

export function compareMatcher(op: CompareOp, n: number): ValueMatcher {
  const cmp = { lt: (a: number) => a < n, lte: (a: number) => a <= n, gt: (a: number) => a > n, gte: (a: number) => a >= n, neq: (a: number) => a !== n }[op];
  return { kind: "compare", test: (v) => { const t = scalarText(v); const a = t === undefined || t.trim() === "" ? NaN : Number(t); return !Number.isNaN(a) && cmp(a); } };
}

/** Throws a plain Error with a reason when the CIDR is invalid. */
export function cidrMatcher(cidr: string): ValueMatcher {
  const [net, prefixText] = cidr.split("/");
  const family = isIP(net ?? "");
  const prefix = prefixText === undefined ? (family === 6 ? 128 : 32) : Number(prefixText);
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
    throw new Error(`invalid CIDR "${cidr}"`);
  }
  const list = new BlockList();
  const type = family === 6 ? "ipv6" : "ipv4";
  list.addSubnet(net as string, prefix, type);
  return {
    kind: "cidr",
    test: (v) => {
      const t = scalarText(v);
      const f = t === undefined ? 0 : isIP(t);
      return f !== 0 && list.check(t as string, f === 6 ? "ipv6" : "ipv4");
    },
  };
}

/**
 * `field|fieldref: other`: equal to the value of another field of the same event (exact, or
 * prefix/suffix/substring after startswith/endswith/contains; case-insensitive unless `cased`).
 */
export function fieldRefMatcher(other: string, mode: "equals" | "startswith" | "endswith" | "contains" = "equals", cased = false): ValueMatcher {
  const fold = (s: string) => (cased ? s : s.toLowerCase());
  return {
    kind: "fieldref",
    test: (v, lookup) => {
      const a = scalarText(v);
      const b = lookup ? scalarText(lookup(other)) : undefined;
      if (a === undefined || b === undefined) return false;
      const [x, y] = [fold(a), fold(b)];
      return mode === "equals" ? x === y : mode === "startswith" ? x.startsWith(y) : mode === "endswith" ? x.endsWith(y) : x.includes(y);
    },
  };
}

/** `|neq`: the field exists and differs from the value (all list values, see modifiers). */
export function notMatcher(inner: ValueMatcher): ValueMatcher {
  return {
    whole: true,
    kind: "not",
    test: (v, lookup) => {
      if (v === undefined || v === null) return false;
      const values = Array.isArray(v) ? v : [v];
      return values.every((x) => !inner.test(x, lookup));
    },
  };
}
