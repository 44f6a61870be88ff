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

export function eventEntities(event: VigilEvent): Entities {
  const one = (v: string | undefined) => (v ? [v] : []);
  return { user: one(event.user?.name), host: one(event.host?.name), ip: one(event.source?.ip), file: one(event.file?.path) };
}

const MAX_PER_KIND = 20;
const KINDS = ["user", "host", "ip", "file"] as const;

/** Distinct values per kind, first seen first, at most 20 per kind; O(1) per value added. */
export class EntityAccumulator {
  private readonly out = emptyEntities();
  private readonly seen = { user: new Set<string>(), host: new Set<string>(), ip: new Set<string>(), file: new Set<string>() };
  private full = 0;

  /** True once every kind holds 20 values (nothing more can change). */
  get isFull(): boolean {
    return this.full === KINDS.length;
  }

  add(e: Entities): void {
    for (const kind of KINDS) {
      const values = this.out[kind];
      if (values.length >= MAX_PER_KIND) continue;
      const set = this.seen[kind];
      for (const v of e[kind]) {
        if (set.has(v)) continue;
        set.add(v);
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
