// Stores the parsed items of one `_bulk` request (events and dead letters in one transaction,
// committed before the answer) and builds the ES per-item response.
import type { ServiceDeps } from "@vigil/services";
import { storeIngestBatch } from "@vigil/services/events";
import type { EventSink } from "../ingest-body";
import { distinguishRepeats } from "../occurrences";
import type { BulkItem } from "./bulk-parse";

export interface BulkResponse {
  took: number;
  errors: boolean;
  items: Record<string, Record<string, unknown>>[];
}

function itemResult(item: BulkItem, eventId: string | undefined, fresh: boolean): Record<string, unknown> {
  const head = { _index: item.index, _id: item.id ?? eventId ?? null };
  if (item.error) return { ...head, status: 400, error: item.error };
  if (!fresh && item.id !== undefined && item.action === "create") {
    const reason = `[${item.id}]: version conflict, document already exists`;
    return { ...head, status: 409, error: { type: "version_conflict_engine_exception", reason } };
  }
  const result = fresh ? "created" : "noop";
  return { ...head, _version: 1, result, _shards: { total: 1, successful: 1, failed: 0 }, _seq_no: 0, _primary_term: 1, status: fresh || item.action === "create" ? 201 : 200 };
}

export async function storeBulk(services: ServiceDeps, sink: EventSink, tenantId: string, items: readonly BulkItem[]): Promise<BulkResponse> {
  const started = Date.now();
  const withEvents = items.filter((i) => i.event !== undefined);
  const events = distinguishRepeats(withEvents.map((i) => i.event!));
  const deadLetters = items
    .filter((i) => i.error && i.doc !== undefined && i.error.type === "document_parsing_exception")
    .map((i) => ({ receiver: "bulk", reason: `line ${i.line + 1}: ${i.error!.reason}`, raw: i.doc! }));
  const stored = await storeIngestBatch(services, tenantId, { events, deadLetters });
  if (stored.fresh.length > 0) sink.enqueue(tenantId, stored.fresh);
  const freshIds = new Set(stored.fresh.map((e) => e.id));
  const idOf = new Map(withEvents.map((item, k) => [item, (events[k] as { id: string }).id]));
  const results = items.map((item) => {
    const id = idOf.get(item);
    const fresh = id !== undefined && freshIds.has(id);
    // An auto-id document seen before is a client retry: answer as the first time (created).
    const answered = id !== undefined && item.id === undefined ? true : fresh;
    return { [item.action]: itemResult(item, id, answered) };
  });
  const errors = results.some((r) => Object.values(r).some((v) => typeof v.status === "number" && v.status >= 300));
  return { took: Date.now() - started, errors, items: results };
}
