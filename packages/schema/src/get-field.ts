// Dotted-path lookup. A segment may itself contain dots when the sender used flat dotted keys
// (`{"user.name": "x"}`), so nested objects are tried first, then joined keys. Paths are
// compiled once (split + every joined key) because normalization and rules call this a lot.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** keys[start][end - start - 1] = segments start..end joined with "." */
type CompiledPath = string[][];

const compiled = new Map<string, CompiledPath>();
const MAX_COMPILED = 10_000;

function compile(path: string): CompiledPath {
  let keys = compiled.get(path);
  if (keys) return keys;
  const segments = path.split(".");
  keys = segments.map((_, start) => segments.slice(start).map((__, i) => segments.slice(start, start + i + 1).join(".")));
  if (compiled.size < MAX_COMPILED) compiled.set(path, keys);
  return keys;
}

function lookup(value: unknown, keys: CompiledPath, start: number): unknown {
  if (start >= keys.length) return value;
  if (!isRecord(value)) return undefined;
  const candidates = keys[start] as string[];
  for (let i = 0; i < candidates.length; i++) {
    const key = candidates[i] as string;
    if (!Object.hasOwn(value, key)) continue;
    const found = lookup(value[key], keys, start + i + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Value at `path` ("user.name") in `doc`, or undefined when absent. */
export function getField(doc: unknown, path: string): unknown {
  if (path === "") return undefined;
  return lookup(doc, compile(path), 0);
}

export { isRecord };
