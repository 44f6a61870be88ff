// Folds a batch's repeated matches (same rule and group within the dedup window) into one
// write: a burst of 1,000 failed logins is one alert update, not 1,000 round trips. Linear:
// each open fold keeps sets of its event ids and entities, and builds the match once at the end.
import type { DetectionMatch, Entities } from "@vigil/detection";

export interface CoalescedMatch {
  match: DetectionMatch;
  /** How many detections were folded into `match`. */
  times: number;
}

const MAX_PER_KIND = 20;
const KINDS = ["user", "host", "ip", "file"] as const;

/** A fold in progress: the first match, the span so far, event ids and entities as sets. */
class Fold {
  firstSeen: string;
  lastSeen: string;
  readonly ids: Set<string>;
  readonly entities: Record<keyof Entities, Set<string>>;
  times = 1;

  constructor(readonly first: DetectionMatch) {
    this.firstSeen = first.firstSeen;
    this.lastSeen = first.lastSeen;
    this.ids = new Set(first.eventIds);
    this.entities = { user: new Set(first.entities.user), host: new Set(first.entities.host), ip: new Set(first.entities.ip), file: new Set(first.entities.file) };
  }

  add(next: DetectionMatch): void {
    if (next.firstSeen < this.firstSeen) this.firstSeen = next.firstSeen;
    if (next.lastSeen > this.lastSeen) this.lastSeen = next.lastSeen;
    for (const id of next.eventIds) this.ids.add(id);
    for (const kind of KINDS) {
      const set = this.entities[kind];
      for (const v of next.entities[kind]) {
        if (set.size >= MAX_PER_KIND) break;
        set.add(v);
      }
    }
    this.times++;
  }

  result(): CoalescedMatch {
    if (this.times === 1) return { match: this.first, times: 1 };
    const e = this.entities;
    return {
      match: {
        ...this.first, firstSeen: this.firstSeen, lastSeen: this.lastSeen, eventIds: [...this.ids],
        entities: { user: [...e.user], host: [...e.host], ip: [...e.ip], file: [...e.file] },
      },
      times: this.times,
    };
  }
}

export function coalesceMatches(matches: readonly DetectionMatch[], windowMs: number): CoalescedMatch[] {
  const out: Fold[] = [];
  const open = new Map<string, { fold: Fold; lastSeenMs: number }>();
  for (const match of matches) {
    const key = `${match.ruleId}\u0000${match.groupKey}`;
    const current = open.get(key);
    const lastSeenMs = Date.parse(match.lastSeen);
    if (current && lastSeenMs - current.lastSeenMs <= windowMs) {
      current.fold.add(match);
      current.lastSeenMs = Math.max(current.lastSeenMs, lastSeenMs);
      continue;
    }
    const fold = new Fold(match);
    open.set(key, { fold, lastSeenMs });
    out.push(fold);
  }
  return out.map((f) => f.result());
}
