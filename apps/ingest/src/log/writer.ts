// The store writer: a batch committed with COPY in the tenant's transaction (idempotent by event
// id), then its fresh events handed to detection, exactly once per event stored. The commit also
// records the fresh events in the detection outbox; the row is deleted once every sink processed
// the batch, released for another attempt if one failed, and found by DetectionRecovery if this
// process dies first.
import { randomUUID } from "node:crypto";
import type { ServiceDeps } from "@vigil/services";
import { copyIngestBatch, settleOutbox } from "@vigil/services/events";
import type { CopyOptions, StoreResult } from "@vigil/services/events";
import type { EventSink } from "../ingest-body";
import type { BatchWriter, LogBatch } from "./types";

export type StoreBatch = (deps: ServiceDeps, tenantId: string, batch: LogBatch, options: CopyOptions) => Promise<StoreResult>;

export interface StoreWriterOptions {
  /** This process's id in the detection outbox (default: a new id per writer). */
  owner?: string;
  log?: { error(obj: object, msg?: string): void };
}

export function storeWriter(services: ServiceDeps, sink: EventSink, store: StoreBatch = copyIngestBatch, options: StoreWriterOptions = {}): BatchWriter {
  const owner = options.owner ?? newOutboxOwner();
  const settle = async (tenantId: string, outboxId: string, done: Promise<boolean> | void) =>
    settleOutbox(services, tenantId, outboxId, (await done) !== false);
  return {
    async write(tenantId, batch) {
      const stored = await store(services, tenantId, batch, { outboxOwner: owner });
      if (stored.fresh.length > 0) {
        const done = sink.enqueue(tenantId, stored.fresh);
        if (stored.outboxId) {
          settle(tenantId, stored.outboxId, done).catch((err: unknown) =>
            options.log?.error({ err, tenantId, outboxId: stored.outboxId }, "could not update the detection outbox (the batch is detected again later)"),
          );
        }
      }
      await sink.ready?.();
      return stored;
    },
  };
}

/** One id per ingest process start: the outbox rows it is still working on. */
export function newOutboxOwner(): string {
  return `ingest-${randomUUID()}`;
}
