// Logsource routing. A processing pipeline decides whether a rule's logsource admits an event
// (`admits`, which by its contract reads only the rule's logsource); rules are grouped by
// logsource so that `admits` runs once per distinct logsource, and when the pipeline's answer
// depends on a small key of the event (Windows: Channel and EventID) the admitted groups are
// memoized per key, so routing an event costs one key and one map lookup.
import type { VigilEvent } from "@vigil/schema";
import type { LogSource, SigmaRule } from "../model/types";
import type { ProcessingPipeline } from "../pipeline/pipeline";
import { vigilRouteKey } from "../pipeline/vigil";

/** Everything `admits` reads from an event, as one string (per pipeline id). */
export type RouteKey = (event: VigilEvent) => string;

/** The windows pipeline reads `original.Channel` (string, case-insensitive) and `Number(original.EventID)`. */
export const windowsRouteKey: RouteKey = (event) => {
  const channel = event.original.Channel;
  return `${typeof channel === "string" ? channel.toLowerCase() : "\u0000"}\u0001${Number(event.original.EventID)}`;
};

/**
 * The original fields a pipeline's route key is a function of (per pipeline id) for events whose
 * first one is a non-empty string (Windows events): admitted groups are then memoized per pair of
 * raw values too, so those events skip building the key string.
 */
export const ROUTE_FIELDS: ReadonlyMap<string, readonly [string, string]> = new Map([
  ["windows", ["Channel", "EventID"] as const],
  ["vigil", ["Channel", "EventID"] as const],
]);

export const ROUTE_KEYS: ReadonlyMap<string, RouteKey> = new Map([
  ["windows", windowsRouteKey],
  ["vigil", (event) => vigilRouteKey(event, windowsRouteKey)],
  ["passthrough", () => ""],
]);

const MEMO_LIMIT = 10_000;

function logsourceKey(logsource: LogSource): string {
  const l = logsource as Record<string, unknown>;
  return JSON.stringify(Object.keys(l).sort().map((k) => [k, l[k]]));
}

export class Router {
  /** Logsource group of each rule (by rule index). */
  readonly groupOf: Int32Array;
  private readonly representatives: SigmaRule[] = [];
  private readonly memo = new Map<string, Uint8Array>();
  /** Raw values of the route fields -> admitted groups (only with the pipeline's own route key). */
  private readonly byFields = new Map<unknown, Map<unknown, Uint8Array>>();
  private byFieldsSize = 0;
  private readonly fields: readonly [string, string] | undefined;

  constructor(
    rules: readonly SigmaRule[],
    private readonly pipeline: ProcessingPipeline,
    private readonly routeKey: RouteKey | undefined = ROUTE_KEYS.get(pipeline.id),
  ) {
    this.fields = routeKey === ROUTE_KEYS.get(pipeline.id) ? ROUTE_FIELDS.get(pipeline.id) : undefined;
    const groups = new Map<string, number>();
    this.groupOf = new Int32Array(rules.length);
    rules.forEach((rule, i) => {
      const key = logsourceKey(rule.logsource);
      let g = groups.get(key);
      if (g === undefined) {
        groups.set(key, (g = this.representatives.length));
        this.representatives.push(rule);
      }
      this.groupOf[i] = g;
    });
  }

  get groups(): number {
    return this.representatives.length;
  }

  /** 1 for each logsource group admitting the event. */
  admitted(event: VigilEvent): Uint8Array {
    if (!this.fields) return this.byKey(event);
    const a = event.original[this.fields[0]];
    const b = event.original[this.fields[1]];
    // Objects could change between events; only primitive values are memoized.
    if (typeof a !== "string" || a === "" || (typeof b === "object" && b !== null)) return this.byKey(event);
    let inner = this.byFields.get(a);
    const known = inner?.get(b);
    if (known) return known;
    const out = this.byKey(event);
    if (this.byFieldsSize >= MEMO_LIMIT) {
      this.byFields.clear();
      this.byFieldsSize = 0;
      inner = undefined;
    }
    if (!inner) this.byFields.set(a, (inner = new Map()));
    inner.set(b, out);
    this.byFieldsSize++;
    return out;
  }

  private byKey(event: VigilEvent): Uint8Array {
    const key = this.routeKey?.(event);
    const known = key === undefined ? undefined : this.memo.get(key);
    if (known) return known;
    const out = Uint8Array.from(this.representatives, (rule) => (this.pipeline.admits(rule, event) ? 1 : 0));
    if (key !== undefined) {
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(key, out);
    }
    return out;
  }
}
