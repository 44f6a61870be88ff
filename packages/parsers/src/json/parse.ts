// JSON.parse with the checks every receiver needs: bounded depth, a reason worded for the
// sender, and strings made storable (PostgreSQL rejects NUL and lone UTF-16 surrogates).
import { MAX_JSON_DEPTH, jsonDepth } from "./scan";

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL text rejects
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// eslint-disable-next-line no-control-regex -- a cheap scan first: almost no text needs the rewrite
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** Replaces characters PostgreSQL text/jsonb cannot hold with U+FFFD. */
export function storableString(s: string): string {
  return SUSPECT.test(s) ? s.replace(UNSTORABLE, "\uFFFD") : s;
}

/**
 * Makes a freshly parsed value storable in place (no copy: JSON.parse's result is ours). Keys are
 * rewritten only when they hold a bad character; "__proto__" stays an own data property.
 */
const TOO_DEEP = Symbol("too deep");

function sanitize(value: unknown, depth: number): unknown {
  if (typeof value === "string") return storableString(value);
  if (typeof value !== "object" || value === null) return value;
  // V8's JSON.parse is iterative, so the depth limit is enforced here, on the one walk we make anyway.
  if (depth > MAX_JSON_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if ((value[i] = sanitize(value[i], depth + 1)) === TOO_DEEP) return TOO_DEEP;
    return value;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    const clean = typeof v === "string" || (typeof v === "object" && v !== null) ? sanitize(v, depth + 1) : v;
    if (clean === TOO_DEEP) return TOO_DEEP;
    if (SUSPECT.test(key)) {
      delete obj[key];
      Object.defineProperty(obj, storableString(key), { value: clean, enumerable: true, writable: true, configurable: true });
    } else if (clean !== v) {
      obj[key] = clean;
    }
  }
  return obj;
}

const DEEP_REASON = `JSON nested deeper than ${MAX_JSON_DEPTH} levels`;

/** `depth`: bracket depth when the caller already scanned it (the HEC splitter does). */
export function parseJson(text: string, depth?: number): JsonParse {
  // Text without unstorable characters and without \u escapes (the only other way to write NUL or
  // a lone surrogate) parses to storable strings: then only the depth needs checking, done on the
  // text, and the walk over the parsed value is skipped (most events take this path).
  const plain = !SUSPECT.test(text) && !text.includes("\\u");
  const deep = depth ?? (plain ? jsonDepth(text) : undefined);
  if (deep !== undefined && deep > MAX_JSON_DEPTH) return { ok: false, reason: DEEP_REASON };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? storableString(error.message) : String(error) };
  }
  if (plain) return { ok: true, value };
  const clean = sanitize(value, 1);
  return clean === TOO_DEEP ? { ok: false, reason: DEEP_REASON } : { ok: true, value: clean };
}

export function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
