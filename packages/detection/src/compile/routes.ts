// Logsource routing. A processing pipeline decides whether a rule's logsource admits an event
// (`admits`, which by its contract reads only the rule's logsource); rules are grouped by
// logsource so that `admits` runs once per distinct logsource, and when the pipeline's answer
// depends on a small key of the event (Windows: Channel and EventID) the admitted groups are
// memoized per key, so routing an event costs one key and one map lookup.
import type { VigilEvent } from "@vigil/schema";
import type { LogSource, SigmaRule } from "../model/types";
import type { ProcessingPipeline } from "../pipeline/pipeline";

/** Everything `admits` reads from an event, as one string (per pipeline id). */
export type RouteKey = (event: VigilEvent) => string;

/** The windows pipeline reads `original.Channel` (string, case-insensitive) and `Number(original.EventID)`. */
export const windowsRouteKey: RouteKey = (event) => {
  const channel = event.original.Channel;
  return `${typeof channel === "string" ? channel.toLowerCase() : "\u0000"}\u0001${Number(event.original.EventID)}`;
};

export const ROUTE_KEYS: ReadonlyMap<string, RouteKey> = new Map([
  ["windows", windowsRouteKey],
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

  constructor(
    rules: readonly SigmaRule[],
    private readonly pipeline: ProcessingPipeline,
    private readonly routeKey: RouteKey | undefined = ROUTE_KEYS.get(pipeline.id),
  ) {
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
