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

export function mergeEntities(list: readonly Entities[]): Entities {
  const out = emptyEntities();
  for (const e of list) {
    for (const kind of ["user", "host", "ip", "file"] as const) {
      for (const v of e[kind]) if (!out[kind].includes(v) && out[kind].length < MAX_PER_KIND) out[kind].push(v);
    }
  }
  return out;
}
