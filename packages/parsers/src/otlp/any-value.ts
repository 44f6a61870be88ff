// OTLP/JSON values (opentelemetry-proto common.proto in the protobuf JSON mapping): AnyValue is an
// object with exactly one of stringValue / boolValue / intValue (int64: a decimal string or a
// number) / doubleValue / bytesValue (base64) / arrayValue / kvlistValue; attributes are
// [{ key, value: AnyValue }]. Decoded to plain JSON values; errors name the path that was wrong.

export type Decoded<T> = { ok: true; value: T } | { ok: false; path: string; reason: string };

const MAX_VALUE_DEPTH = 16;
const INT64 = /^-?\d{1,19}$/;

const fail = (path: string, reason: string): { ok: false; path: string; reason: string } => ({ ok: false, path, reason });

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An own, enumerable property even for keys such as "__proto__" (attribute keys are sender data). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function decodeAnyValue(value: unknown, path: string, depth = 0): Decoded<unknown> {
  if (depth > MAX_VALUE_DEPTH) return fail(path, `values nested deeper than ${MAX_VALUE_DEPTH} levels`);
  if (value === undefined || value === null) return { ok: true, value: null };
  if (!isObject(value)) return fail(path, "expected an AnyValue object such as {\"stringValue\": \"...\"}");
  const keys = Object.keys(value);
  if (keys.length === 0) return { ok: true, value: null }; // an unset AnyValue
  if (keys.length > 1) return fail(path, `an AnyValue holds exactly one of its fields, got ${keys.join(", ")}`);
  const [kind] = keys as [string];
  const v = value[kind];
  switch (kind) {
    case "stringValue":
    case "bytesValue":
      return typeof v === "string" ? { ok: true, value: v } : fail(`${path}.${kind}`, "expected a string");
    case "boolValue":
      return typeof v === "boolean" ? { ok: true, value: v } : fail(`${path}.${kind}`, "expected true or false");
    case "intValue":
      return decodeInt(v, `${path}.${kind}`);
    case "doubleValue":
      if (typeof v === "number") return { ok: true, value: v };
      // The JSON mapping writes the special doubles as strings.
      return v === "NaN" || v === "Infinity" || v === "-Infinity" ? { ok: true, value: v } : fail(`${path}.${kind}`, "expected a number");
    case "arrayValue":
      return decodeArray(v, `${path}.${kind}`, depth);
    case "kvlistValue": {
      if (!isObject(v)) return fail(`${path}.${kind}`, "expected {\"values\": [...]}");
      return decodeAttributes(v.values, `${path}.${kind}.values`, depth + 1, false);
    }
    default:
      return fail(path, `unknown AnyValue field "${kind}"`);
  }
}

function decodeInt(v: unknown, path: string): Decoded<unknown> {
  if (typeof v === "number" && Number.isInteger(v)) return { ok: true, value: v };
  if (typeof v === "string" && INT64.test(v)) {
    const n = Number(v);
    // Beyond 2^53 a number would silently change the value: keep the decimal text.
    return { ok: true, value: Number.isSafeInteger(n) ? n : v };
  }
  return fail(path, "expected an integer (a number or a decimal string)");
}

function decodeArray(v: unknown, path: string, depth: number): Decoded<unknown[]> {
  if (!isObject(v)) return fail(path, "expected {\"values\": [...]}");
  if (v.values === undefined) return { ok: true, value: [] };
  if (!Array.isArray(v.values)) return fail(`${path}.values`, "expected an array");
  const out: unknown[] = [];
  for (let i = 0; i < v.values.length; i++) {
    const item = decodeAnyValue(v.values[i], `${path}.values[${i}]`, depth + 1);
    if (!item.ok) return item;
    out.push(item.value);
  }
  return { ok: true, value: out };
}

/**
 * [{ key, value }] -> object. With `nest`, dotted keys become nested objects ("service.name" ->
 * { service: { name } }) so search paths such as original.service.name reach them; a key that
 * would collide with another (both "a" and "a.b") stays flat.
 */
export function decodeAttributes(list: unknown, path: string, depth = 0, nest = true): Decoded<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  if (list === undefined || list === null) return { ok: true, value: out };
  if (!Array.isArray(list)) return fail(path, "expected an array of {\"key\": ..., \"value\": ...}");
  for (let i = 0; i < list.length; i++) {
    const kv: unknown = list[i];
    if (!isObject(kv) || typeof kv.key !== "string" || kv.key === "") return fail(`${path}[${i}]`, "expected {\"key\": \"<non-empty string>\", \"value\": {...}}");
    const value = decodeAnyValue(kv.value, `${path}[${i}].value`, depth);
    if (!value.ok) return value;
    if (nest) nestInto(out, kv.key, value.value);
    else setOwn(out, kv.key, value.value);
  }
  return { ok: true, value: out };
}

export function nestInto(target: Record<string, unknown>, key: string, value: unknown): void {
  const segments = key.split(".");
  if (segments.some((s) => s === "")) return setOwn(target, key, value);
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const next = Object.prototype.hasOwnProperty.call(node, segment) ? node[segment] : undefined;
    if (next === undefined) {
      const created: Record<string, unknown> = {};
      setOwn(node, segment, created);
      node = created;
    } else if (isObject(next)) {
      node = next;
    } else {
      return setOwn(target, key, value);
    }
  }
  const leaf = segments[segments.length - 1] as string;
  if (Object.prototype.hasOwnProperty.call(node, leaf)) return setOwn(target, key, value);
  setOwn(node, leaf, value);
}

/** Reads a dotted key back from a nested object (or its flat fallback). */
export function lookup(obj: Record<string, unknown>, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
  let node: unknown = obj;
  for (const segment of key.split(".")) {
    if (!isObject(node) || !Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = node[segment];
  }
  return node;
}
