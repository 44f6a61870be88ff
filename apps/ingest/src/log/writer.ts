// The store writer: a batch committed with COPY in the tenant's transaction (idempotent by event
// id), then its fresh events handed to detection, exactly once per event stored.
import type { ServiceDeps } from "@vigil/services";
import { copyIngestBatch } from "@vigil/services/events";
import type { StoreResult } from "@vigil/services/events";
import type { EventSink } from "../ingest-body";
import type { BatchWriter, LogBatch } from "./types";

export type StoreBatch = (deps: ServiceDeps, tenantId: string, batch: LogBatch) => Promise<StoreResult>;

export function storeWriter(services: ServiceDeps, sink: EventSink, store: StoreBatch = copyIngestBatch): BatchWriter {
  return {
    async write(tenantId, batch) {
      const stored = await store(services, tenantId, batch);
      if (stored.fresh.length > 0) sink.enqueue(tenantId, stored.fresh);
      await sink.ready?.();
      return stored;
    },
  };
}
