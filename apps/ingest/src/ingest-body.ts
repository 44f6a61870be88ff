// One request body through a parser: valid events and dead letters appended to the event log
// together, acknowledged once durable (published to JetStream, or committed in in-process mode);
// the store writer queues detection after its COMMIT, never delaying the answer.
import type { ParserComponent } from "@vigil/parsers";
import { MAX_ITEMS_PER_BODY } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";
import type { EventLog } from "./log/types";
import type { Reply } from "./hec-replies";
import { HEC } from "./hec-replies";
import { finishBatch } from "./occurrences";

export interface EventSink {
  /**
   * Takes a committed batch. A sink that tracks its work returns a promise settling once the batch
   * is processed: true, or false when processing failed (never rejected). The store writer then
   * clears the batch's detection outbox row.
   */
  enqueue(tenantId: string, events: readonly VigilEvent[]): Promise<boolean> | void;
  /**
   * Resolves when the sink has room for more (its queue is under its bound). The store writer
   * awaits it before acknowledging a batch, so a drained backlog waits in the event log (JetStream)
   * or holds the sender (in-process), never piling up in this process's memory.
   */
  ready?(): Promise<void>;
}

export interface IngestInput {
  tenantId: string;
  parser: ParserComponent;
  body: string;
  receivedAt?: Date;
  maxItems?: number;
}

const MAX_LISTED_ERRORS = 100;

export async function ingestBody(log: EventLog, input: IngestInput): Promise<Reply> {
  const { parser, tenantId } = input;
  const maxItems = input.maxItems ?? MAX_ITEMS_PER_BODY;
  const parsed = parser.parse(input.body, { tenantId, receivedAt: input.receivedAt ?? new Date(), maxItems });
  if (parsed.tooManyItems) return HEC.tooManyItems(parsed.total, maxItems);
  if (parsed.total === 0) return HEC.noData();
  const deadLetters = parsed.errors.map((e) => ({ receiver: parser.receiver, reason: e.message, raw: e.raw }));
  const appended = await log.append(tenantId, { events: finishBatch(tenantId, parsed.events), deadLetters });
  // Replays are only known once stored: a queued batch (JetStream) reports what was accepted.
  const counts = appended.mode === "stored" ? { accepted: parsed.events.length, duplicates: appended.stored.duplicates } : { accepted: parsed.events.length };
  const first = parsed.errors[0];
  if (!first) return HEC.success(counts);
  return HEC.invalidData({
    "invalid-event-number": first.item - 1,
    ...counts,
    rejected: parsed.errors.length,
    errors: parsed.errors.slice(0, MAX_LISTED_ERRORS).map((e) => e.message),
  });
}
