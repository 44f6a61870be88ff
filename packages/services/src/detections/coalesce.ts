// Folds a batch's repeated matches (same rule and group within the dedup window) into one
// write: a burst of 1,000 failed logins is one alert update, not 1,000 round trips.
import type { DetectionMatch } from "@vigil/detection";
import { mergeEntities } from "@vigil/detection";

export interface CoalescedMatch {
  match: DetectionMatch;
  /** How many detections were folded into `match`. */
  times: number;
}

function fold(into: DetectionMatch, next: DetectionMatch): DetectionMatch {
  return {
    ...into,
    firstSeen: into.firstSeen < next.firstSeen ? into.firstSeen : next.firstSeen,
    lastSeen: into.lastSeen > next.lastSeen ? into.lastSeen : next.lastSeen,
    eventIds: [...new Set([...into.eventIds, ...next.eventIds])],
    entities: mergeEntities([into.entities, next.entities]),
  };
}

export function coalesceMatches(matches: readonly DetectionMatch[], windowMs: number): CoalescedMatch[] {
  const out: CoalescedMatch[] = [];
  const open = new Map<string, CoalescedMatch>();
  for (const match of matches) {
    const key = `${match.ruleId}\u0000${match.groupKey}`;
    const current = open.get(key);
    if (current && Date.parse(match.lastSeen) - Date.parse(current.match.lastSeen) <= windowMs) {
      current.match = fold(current.match, match);
      current.times++;
      continue;
    }
    const fresh = { match, times: 1 };
    open.set(key, fresh);
    out.push(fresh);
  }
  return out;
}
