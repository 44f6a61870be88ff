// JSON.parse with the checks every receiver needs: bounded depth, a reason worded for the
// sender, and strings made storable (PostgreSQL rejects NUL and lone UTF-16 surrogates).
import { jsonDepth, MAX_JSON_DEPTH } from "./scan";

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL text rejects
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces characters PostgreSQL text/jsonb cannot hold with U+FFFD. */
export function storableString(s: string): string {
  return s.replace(UNSTORABLE, "\uFFFD");
}

function sanitize(value: unknown): unknown {
  if (typeof value === "string") return storableString(value);
  if (Array.isArray(value)) return value.map(sanitize);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[storableString(k)] = sanitize(v);
    return out;
  }
  return value;
}

export function parseJson(text: string, depth = jsonDepth(text)): JsonParse {
  if (depth > MAX_JSON_DEPTH) return { ok: false, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { ok: true, value: sanitize(JSON.parse(text)) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

export function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
