// Field mapping pipeline: a Sigma field name is looked up on the normalized event first
// (ECS names such as `user.name`), then among the fields as the sender wrote them, then, for the
// field names of Sigma's web server, proxy and firewall taxonomy, on the normalized field with
// that meaning (a W3C-style sender's own `cs-uri-query` wins over the mapping).
import type { VigilEvent } from "@vigil/schema";
import { getField } from "@vigil/schema";

export type FieldResolver = (event: VigilEvent, field: string) => unknown;

/**
 * Sigma taxonomy field -> normalized field (https://github.com/SigmaHQ/sigma-specification,
 * appendix taxonomy: webserver, proxy, firewall). None of these names is a Windows field, so the
 * compiled backend's fast paths for Windows fields are unchanged (compile.ts treats these apart).
 */
export const TAXONOMY_ALIASES: ReadonlyMap<string, string> = new Map([
  // webserver (W3C extended log names)
  ["cs-method", "http.request.method"],
  ["cs-uri-query", "url.query"],
  ["cs-uri-stem", "url.path"],
  ["cs-uri", "url.original"],
  ["sc-status", "http.response.status_code"],
  ["cs-user-agent", "user_agent.original"],
  ["cs-referer", "http.request.referrer"],
  ["c-ip", "source.ip"],
  ["cs-version", "http.version"],
  // proxy
  ["c-uri", "url.original"],
  ["c-uri-query", "url.query"],
  ["c-uri-stem", "url.path"],
  ["c-uri-extension", "url.extension"],
  ["c-useragent", "user_agent.original"],
  ["cs-host", "url.domain"],
  ["cs-referrer", "http.request.referrer"],
  ["r-dns", "url.domain"],
  ["sc-bytes", "http.response.bytes"],
  // firewall
  ["src_ip", "source.ip"],
  ["src_port", "source.port"],
  ["dst_ip", "destination.ip"],
  ["dst_port", "destination.port"],
]);

export const resolveField: FieldResolver = (event, field) => {
  const normalized = getField(event, field);
  if (normalized !== undefined) return normalized;
  const original = getField(event.original, field);
  if (original !== undefined) return original;
  const alias = TAXONOMY_ALIASES.get(field);
  return alias === undefined ? undefined : getField(event, alias);
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
