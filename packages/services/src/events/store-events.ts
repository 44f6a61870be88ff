import type { VigilEvent } from "@vigil/schema";
import type { ServiceDeps } from "../context";
import type { DeadLetterInput } from "./sql";
import { insertDeadLetters, insertEvents } from "./sql";

export interface StoreResult {
  /** Events written by this call. */
  inserted: number;
  /** The events written by this call (replays excluded): what detection should see. */
  fresh: VigilEvent[];
  /** Events that were already stored (replays): acknowledged, not written twice. */
  duplicates: number;
  deadLetters: number;
  /** The detection outbox row of the fresh events, when the caller asked for one. */
  outboxId?: string;
}

/** Stores events idempotently in one transaction; resolves only after COMMIT. */
export async function storeEvents(deps: ServiceDeps, tenantId: string, events: readonly VigilEvent[]): Promise<StoreResult> {
  return storeIngestBatch(deps, tenantId, { events, deadLetters: [] });
}

/** Records that could not be parsed, kept raw with the reason (visible to the tenant). */
export async function storeDeadLetters(deps: ServiceDeps, tenantId: string, letters: readonly DeadLetterInput[]): Promise<number> {
  if (letters.length === 0) return 0;
  return deps.db.withTenantClient(tenantId, (client) => insertDeadLetters(client, tenantId, letters));
}

/** One request's valid events and dead letters, committed together (all or nothing). */
export async function storeIngestBatch(
  deps: ServiceDeps,
  tenantId: string,
  batch: { events: readonly VigilEvent[]; deadLetters: readonly DeadLetterInput[] },
): Promise<StoreResult> {
  if (batch.events.length === 0 && batch.deadLetters.length === 0) return { inserted: 0, fresh: [], duplicates: 0, deadLetters: 0 };
  return deps.db.withTenantClient(tenantId, async (client) => {
    const ids = await insertEvents(client, tenantId, batch.events);
    const deadLetters = await insertDeadLetters(client, tenantId, batch.deadLetters);
    const fresh = batch.events.filter((e) => ids.delete(e.id));
    return { inserted: fresh.length, fresh, duplicates: batch.events.length - fresh.length, deadLetters };
  });
}
