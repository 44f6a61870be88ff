// Recent events of a tenant as VigilEvents, oldest first: lets a restarted detector rebuild its
// correlation windows from the event store instead of forgetting them.
import type { VigilEvent } from "@vigil/schema";
import type { ServiceDeps } from "../context";

export const MAX_RECENT_EVENTS = 10_000;

export async function recentEvents(
  deps: ServiceDeps,
  tenantId: string,
  input: { since: Date; until?: Date; limit?: number },
): Promise<VigilEvent[]> {
  const take = Math.min(input.limit ?? MAX_RECENT_EVENTS, MAX_RECENT_EVENTS);
  const rows = await deps.db.withTenant(tenantId, (tx) =>
    tx.event.findMany({
      where: { tenantId, ts: { gte: input.since, ...(input.until ? { lte: input.until } : {}) } },
      orderBy: [{ ts: "desc" }, { id: "asc" }],
      take,
      select: { doc: true, raw: true },
    }),
  );
  return rows.reverse().map((r) => ({ ...(r.doc as unknown as Omit<VigilEvent, "raw">), raw: r.raw }));
}
