import type { VigilEvent } from "@vigil/schema";

/** Who and what a detection is about; used for alert dedup keys and incident grouping. */
export interface Entities {
  user: string[];
  host: string[];
  ip: string[];
  file: string[];
}

export function emptyEntities(): Entities {
  return { user: [], host: [], ip: [], file: [] };
}

const one = (v: string | undefined): string[] => (v ? [v] : []);

export function eventEntities(event: VigilEvent): Entities {
  return { user: one(event.user?.name), host: one(event.host?.name), ip: one(event.source?.ip), file: one(event.file?.path) };
}

/** One empty list for every absent kind of the entities kept in correlation state (never modified). */
const NONE: string[] = Object.freeze([]) as unknown as string[];
const shared = (v: string | undefined): string[] => (v ? [v] : NONE);

/**
 * `eventEntities` for reading only (correlation entries keep one per event for as long as its
 * windows last): absent kinds share one frozen empty list instead of a new one each.
 */
export function sharedEventEntities(event: VigilEvent): Entities {
  return { user: shared(event.user?.name), host: shared(event.host?.name), ip: shared(event.source?.ip), file: shared(event.file?.path) };
}

const MAX_PER_KIND = 20;
const KINDS = ["user", "host", "ip", "file"] as const;

/**
 * Distinct values per kind, first seen first, at most 20 per kind. A value is checked against
 * the (at most 20) kept ones: one is built per correlation match, where sets cost more than they save.
 */
export class EntityAccumulator {
  private readonly out = emptyEntities();
  private full = 0;

  /** True once every kind holds 20 values (nothing more can change). */
  get isFull(): boolean {
    return this.full === KINDS.length;
  }

  add(e: Entities): void {
    for (const kind of KINDS) {
      const values = this.out[kind];
      if (values.length >= MAX_PER_KIND) continue;
      for (const v of e[kind]) {
        if (values.includes(v)) continue;
        values.push(v);
        if (values.length >= MAX_PER_KIND) {
          this.full++;
          break;
        }
      }
    }
  }

  result(): Entities {
    return { user: [...this.out.user], host: [...this.out.host], ip: [...this.out.ip], file: [...this.out.file] };
  }
}

/** The distinct values of each kind, first seen first, at most 20 per kind; stops reading once all kinds are full. */
export function mergeEntities(list: readonly Entities[]): Entities {
  const acc = new EntityAccumulator();
  for (const e of list) {
    acc.add(e);
    if (acc.isFull) break;
  }
  return acc.result();
}
