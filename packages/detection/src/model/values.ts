// Typed values after modifiers: each compiles to a matcher over one field value.
import { BlockList, isIP } from "node:net";
import type { StringPart } from "./sigma-string";
import { hasWildcards, MANY, plainText, toRegExpSource } from "./sigma-string";

/** Reads another field of the same event (for `fieldref`). */
export type FieldLookup = (field: string) => unknown;

export interface ValueMatcher {
  /** Applies to the whole field value (even missing or arrays) instead of each element. */
  readonly whole?: boolean;
  test(value: unknown, lookup?: FieldLookup): boolean;
}

export type CompareOp = "lt" | "lte" | "gt" | "gte";

function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return undefined;
}

export function stringMatcher(parts: readonly StringPart[], cased: boolean): ValueMatcher {
  const fold = (s: string) => (cased ? s : s.toLowerCase());
  if (!hasWildcards(parts)) {
    const wanted = fold(plainText(parts));
    return { test: (v) => { const t = scalarText(v); return t !== undefined && fold(t) === wanted; } };
  }
  const inner = parts.slice(1, -1);
  if (parts.length === 3 && parts[0] === MANY && parts[2] === MANY && !hasWildcards(inner)) {
    const needle = fold(plainText(inner));
    return { test: (v) => { const t = scalarText(v); return t !== undefined && fold(t).includes(needle); } };
  }
  const re = new RegExp(`^${toRegExpSource(parts)}$`, cased ? "s" : "is");
  return { test: (v) => { const t = scalarText(v); return t !== undefined && re.test(t); } };
}

export function numberMatcher(n: number): ValueMatcher {
  return { test: (v) => (typeof v === "number" ? v === n : scalarText(v)?.trim() === String(n)) };
}

export function boolMatcher(b: boolean): ValueMatcher {
  return { test: (v) => v === b || scalarText(v)?.toLowerCase() === String(b) };
}

export const nullMatcher: ValueMatcher = { whole: true, test: (v) => v === undefined || v === null || v === "" };

export function existsMatcher(expected: boolean): ValueMatcher {
  return { whole: true, test: (v) => (v !== undefined && v !== null) === expected };
}

export function regexMatcher(re: RegExp): ValueMatcher {
  return { test: (v) => { const t = scalarText(v); return t !== undefined && re.test(t); } };
}

export function compareMatcher(op: CompareOp, n: number): ValueMatcher {
  const cmp = { lt: (a: number) => a < n, lte: (a: number) => a <= n, gt: (a: number) => a > n, gte: (a: number) => a >= n }[op];
  return { test: (v) => { const t = scalarText(v); const a = t === undefined || t.trim() === "" ? NaN : Number(t); return !Number.isNaN(a) && cmp(a); } };
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
    test: (v) => {
      const t = scalarText(v);
      const f = t === undefined ? 0 : isIP(t);
      return f !== 0 && list.check(t as string, f === 6 ? "ipv6" : "ipv4");
    },
  };
}

/** `field|fieldref: other`: equal to the value of another field of the same event. */
export function fieldRefMatcher(other: string): ValueMatcher {
  return {
    test: (v, lookup) => {
      const a = scalarText(v);
      const b = lookup ? scalarText(lookup(other)) : undefined;
      return a !== undefined && a === b;
    },
  };
}
