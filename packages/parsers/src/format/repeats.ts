// Event ids hash tenant + raw text, so a replayed request stores nothing twice. Identical lines
// inside one batch are still distinct events (six identical failed logins are six attempts): the
// n-th repeat within a batch gets an id derived from the first one and n, which a replay of the
// same batch derives again.
import { createHash } from "node:crypto";
import type { VigilEvent } from "@vigil/schema";

export function distinguishRepeats(events: readonly VigilEvent[]): VigilEvent[] {
  const seen = new Map<string, number>();
  return events.map((event) => {
    const key = `${event.id}\u0000${event["@timestamp"]}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n === 0) return event;
    return { ...event, id: createHash("sha256").update(`${event.id}#${n}`).digest("hex") };
  });
}
