// Field mapping pipeline: a Sigma field name is looked up on the normalized event first
// (ECS names such as `user.name`), then among the fields as the sender wrote them.
import type { VigilEvent } from "@vigil/schema";
import { getField } from "@vigil/schema";

export type FieldResolver = (event: VigilEvent, field: string) => unknown;

export const resolveField: FieldResolver = (event, field) => {
  const normalized = getField(event, field);
  return normalized !== undefined ? normalized : getField(event.original, field);
};

/**
 * Keyword (field-less) detections search every value of the event: the raw record, then each
 * scalar of the normalized and original fields (unescaped, unlike the JSON text of `raw`).
 */
const stringsCache = new WeakMap<VigilEvent, string[]>();

/** `eventStrings(event)` when it was already built (the evaluator answers from that list). */
export function cachedEventStrings(event: VigilEvent): readonly string[] | undefined {
  return stringsCache.get(event);
}

export type EventScalar = string | number | boolean;

/** Top-level event keys whose values are not searched (`raw` is visited first, on its own). */
const SKIPPED = new Set(["raw", "id", "vigil"]);
const MAX_DEPTH = 16;

function visitScalars(value: unknown, depth: number, visit: (scalar: EventScalar) => void): void {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return visit(value);
  if (depth >= MAX_DEPTH || typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visitScalars(value[i], depth + 1, visit);
    return;
  }
  const doc = value as Record<string, unknown>;
  for (const key in doc) if (Object.hasOwn(doc, key)) visitScalars(doc[key], depth + 1, visit);
}

/**
 * Visits what keyword detections search, in order, without collecting it: the raw record, then every
 * scalar of the normalized and original fields (numbers and booleans as they are).
 */
export function forEachEventScalar(event: VigilEvent, visit: (scalar: EventScalar) => void): void {
  visit(event.raw);
  const doc = event as unknown as Record<string, unknown>;
  for (const key in doc) if (Object.hasOwn(doc, key) && !SKIPPED.has(key)) visitScalars(doc[key], 1, visit);
}

export function eventStrings(event: VigilEvent): string[] {
  const cached = stringsCache.get(event);
  if (cached) return cached;
  const out: string[] = [];
  forEachEventScalar(event, (v) => out.push(typeof v === "string" ? v : String(v)));
  stringsCache.set(event, out);
  return out;
}
