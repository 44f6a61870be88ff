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
function shared(v: string | undefined): string[] {
  return v ? [v] : NONE;
}

/**
 * Frozen one-value lists of users, hosts and addresses (few distinct values, repeated by many
 * events), so entries held for a whole window share them. Bounded: cleared when it grows past
 * MAX_INTERNED (a list is then built again, equal to the old one).
 */
const interned = new Map<string, string[]>();
const MAX_INTERNED = 50_000;

function internedList(v: string | undefined): string[] {
  if (!v) return NONE;
  let list = interned.get(v);
  if (list === undefined) {
    if (interned.size >= MAX_INTERNED) interned.clear();
    interned.set(v, (list = Object.freeze([v]) as unknown as string[]));
  }
  return list;
}

/**
 * `eventEntities` for reading only (correlation entries keep one per event for as long as its
 * windows last): absent kinds share one frozen empty list, users, hosts and addresses interned ones.
 */
export function sharedEventEntities(event: VigilEvent): Entities {
  return { user: internedList(event.user?.name), host: internedList(event.host?.name), ip: internedList(event.source?.ip), file: shared(event.file?.path) };
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
