// One request body through a parser: valid events and dead letters committed together, then
// acknowledged; detection is queued after the COMMIT and never delays the answer.
import type { ParserComponent } from "@vigil/parsers";
import { MAX_ITEMS_PER_BODY } from "@vigil/parsers";
import type { ServiceDeps } from "@vigil/services";
import { storeIngestBatch } from "@vigil/services/events";
import type { VigilEvent } from "@vigil/schema";
import type { Reply } from "./hec-replies";
import { HEC } from "./hec-replies";
import { distinguishRepeats } from "./occurrences";

export interface EventSink {
  enqueue(tenantId: string, events: readonly VigilEvent[]): void;
}

export interface IngestInput {
  tenantId: string;
  parser: ParserComponent;
  body: string;
  receivedAt?: Date;
  maxItems?: number;
}

const MAX_LISTED_ERRORS = 100;

export async function ingestBody(services: ServiceDeps, sink: EventSink, input: IngestInput): Promise<Reply> {
  const { parser, tenantId } = input;
  const maxItems = input.maxItems ?? MAX_ITEMS_PER_BODY;
  const parsed = parser.parse(input.body, { tenantId, receivedAt: input.receivedAt ?? new Date(), maxItems });
  if (parsed.tooManyItems) return HEC.tooManyItems(parsed.total, maxItems);
  if (parsed.total === 0) return HEC.noData();
  const deadLetters = parsed.errors.map((e) => ({ receiver: parser.receiver, reason: e.message, raw: e.raw }));
  const stored = await storeIngestBatch(services, tenantId, { events: distinguishRepeats(parsed.events), deadLetters });
  if (stored.fresh.length > 0) sink.enqueue(tenantId, stored.fresh);
  const counts = { accepted: parsed.events.length, duplicates: stored.duplicates };
  const first = parsed.errors[0];
  if (!first) return HEC.success(counts);
  return HEC.invalidData({
    "invalid-event-number": first.item - 1,
    ...counts,
    rejected: parsed.errors.length,
    errors: parsed.errors.slice(0, MAX_LISTED_ERRORS).map((e) => e.message),
  });
}
