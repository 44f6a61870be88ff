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

export function eventStrings(event: VigilEvent): string[] {
  const cached = stringsCache.get(event);
  if (cached) return cached;
  const out: string[] = [event.raw];
  stringsCache.set(event, out);
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === "string") out.push(v);
    else if (typeof v === "number" || typeof v === "boolean") out.push(String(v));
    else if (depth < 16 && Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (depth < 16 && typeof v === "object" && v !== null) for (const x of Object.values(v)) walk(x, depth + 1);
  };
  const { raw: _raw, id: _id, vigil: _vigil, ...fields } = event;
  walk(fields, 0);
  return out;
}
