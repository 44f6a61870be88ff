// Precompiled dotted-path readers for the fixed candidate lists. Same lookup as @vigil/schema's
// getField (nested objects first, then flat dotted keys, backtracking), but compiled once per
// path at module load instead of a Map lookup per call: normalization reads ~50 candidate paths
// per event, which made the path cache the hottest code of the HEC receiver.
export type FieldReader = (doc: unknown) => unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** keys[start][n] = segments start..start+n joined with "." (as getField compiles them). */
function compileKeys(path: string): string[][] {
  const segments = path.split(".");
  return segments.map((_, start) => segments.slice(start).map((__, i) => segments.slice(start, start + i + 1).join(".")));
}

function lookup(value: unknown, keys: readonly (readonly string[])[], start: number): unknown {
  if (start >= keys.length) return value;
  if (!isRecord(value)) return undefined;
  const candidates = keys[start] as readonly string[];
  for (let i = 0; i < candidates.length; i++) {
    const key = candidates[i] as string;
    if (!Object.hasOwn(value, key)) continue;
    const found = lookup(value[key], keys, start + i + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function fieldReader(path: string): FieldReader {
  if (path === "") return () => undefined;
  if (!path.includes(".")) {
    // One segment: a single property read. A name Object.prototype does not have can only be an
    // own property of a JSON-parsed object, so the hasOwn check is needed for the others only.
    if (!(path in Object.prototype)) return (doc) => (isRecord(doc) ? doc[path] : undefined);
    return (doc) => (isRecord(doc) && Object.hasOwn(doc, path) ? doc[path] : undefined);
  }
  const keys = compileKeys(path);
  return (doc) => lookup(doc, keys, 0);
}
