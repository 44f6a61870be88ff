// Appends the parsed items of one `_bulk` request to the event log (events and dead letters
// together, durable before the answer) and builds the ES per-item response. When the log cannot
// take them now, every item answers 429 (as Elasticsearch does when its write queue is full):
// Filebeat, Logstash, Fluent Bit and Vector retry those items later.
import { finishBatch } from "../occurrences";
import type { EventLog } from "../log/types";
import { isLogUnavailable } from "../log/types";
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

function rejected(item: BulkItem, eventId: string | undefined, reason: string): Record<string, unknown> {
  return { _index: item.index, _id: item.id ?? eventId ?? null, status: 429, error: { type: "es_rejected_execution_exception", reason } };
}

export async function storeBulk(log: EventLog, tenantId: string, items: readonly BulkItem[]): Promise<{ response: BulkResponse; retryAfterSeconds?: number }> {
  const started = Date.now();
  const withEvents = items.filter((i) => i.event !== undefined);
  const events = finishBatch(tenantId, withEvents.map((i) => i.event!));
  const deadLetters = items
    .filter((i) => i.error && i.doc !== undefined && i.error.type === "document_parsing_exception")
    .map((i) => ({ receiver: "bulk", reason: `line ${i.line + 1}: ${i.error!.reason}`, raw: i.doc! }));
  const idOf = new Map(withEvents.map((item, k) => [item, (events[k] as { id: string }).id]));
  let freshIds: Set<string> | undefined;
  try {
    const appended = await log.append(tenantId, { events, deadLetters });
    // Queued (JetStream): not stored yet, so replays are unknown: every event answers "created".
    freshIds = appended.mode === "stored" ? new Set(appended.stored.fresh.map((e) => e.id)) : new Set(events.map((e) => e.id));
  } catch (error) {
    if (!isLogUnavailable(error)) throw error;
    const response = { took: Date.now() - started, errors: true, items: items.map((item) => ({ [item.action]: rejected(item, idOf.get(item), error.message) })) };
    return { response, retryAfterSeconds: error.retryAfterSeconds };
  }
  const results = items.map((item) => {
    const id = idOf.get(item);
    const fresh = id !== undefined && freshIds.has(id);
    // An auto-id document seen before is a client retry: answer as the first time (created).
    const answered = id !== undefined && item.id === undefined ? true : fresh;
    return { [item.action]: itemResult(item, id, answered) };
  });
  const errors = results.some((r) => Object.values(r).some((v) => typeof v.status === "number" && v.status >= 300));
  return { response: { took: Date.now() - started, errors, items: results } };
}
