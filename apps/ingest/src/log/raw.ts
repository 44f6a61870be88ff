// Syslog lines logged as received. With JetStream the receivers' thread only frames the lines,
// finds their tenant and appends them (a batch of raw lines is a fraction of the bytes of its
// events as JSON); the processing side parses them when it reads the message, before storing. The
// same function parses them on either side, so an event is the same wherever it was parsed: its
// id hashes tenant and text, and a line's receive time travels with it, so a redelivered message
// yields the same events again.
import { parseAny } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";
import type { DeadLetterInput } from "@vigil/services/events";
import { finishBatch } from "../occurrences";
import type { LogBatch, RawLines } from "./types";

/** The events and dead letters of raw lines: a line that does not parse is a dead letter with the parser's reason. */
export function parseRawLines(tenantId: string, raw: RawLines): { events: VigilEvent[]; deadLetters: DeadLetterInput[] } {
  const events: VigilEvent[] = [];
  const deadLetters: DeadLetterInput[] = [];
  const { receiver, format, lines, receivedAt } = raw;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    try {
      const parsed = parseAny(text, { tenantId, receivedAt: new Date(receivedAt[i] as number), receiver, format });
      if (parsed.ok) events.push(parsed.event);
      else deadLetters.push({ receiver, reason: `${parsed.error.format}: ${parsed.error.reason} (column ${parsed.error.position + 1})`, raw: text });
    } catch (err) {
      // A parser bug must not lose the line (nor the rest of the batch): kept with the reason.
      deadLetters.push({ receiver, reason: `the parser failed: ${err instanceof Error ? err.message : String(err)}`, raw: text });
    }
  }
  return { events: finishBatch(tenantId, events), deadLetters };
}

/** The batch with its raw lines parsed into events and dead letters (after the ones it holds). */
export function materialize(tenantId: string, batch: LogBatch): LogBatch {
  if (batch.raw === undefined) return batch;
  const parsed = parseRawLines(tenantId, batch.raw);
  return {
    events: batch.events.length === 0 ? parsed.events : [...batch.events, ...parsed.events],
    deadLetters: batch.deadLetters.length === 0 ? parsed.deadLetters : [...batch.deadLetters, ...parsed.deadLetters],
  };
}

/** Items of a batch: events, dead letters and raw lines. */
export function batchSize(batch: LogBatch): number {
  return batch.events.length + batch.deadLetters.length + (batch.raw?.lines.length ?? 0);
}
