import type { VigilEvent } from "@vigil/schema";
import { isRecord } from "@vigil/schema";
import type { ParseContext, ParseItemError, ParseResult, ParserComponent } from "../component";
import { itemError, tooMany } from "../component";
import { describeJsonType, parseJson } from "../json/parse";
import type { JsonChunk } from "../json/scan";
import { splitJsonValues } from "../json/scan";
import { normalizeObject } from "../normalize/specialize";
import { readEnvelope } from "./envelope";

function parseChunk(chunk: JsonChunk, n: number, ctx: ParseContext): VigilEvent | ParseItemError {
  if (chunk.truncated) return itemError("event", n, "truncated JSON: the body ended before this object was closed", chunk.text);
  const parsed = parseJson(chunk.text, chunk.depth);
  if (!parsed.ok) return itemError("event", n, parsed.reason, chunk.text);
  if (!isRecord(parsed.value)) {
    return itemError("event", n, `expected a JSON object, got ${describeJsonType(parsed.value)}`, chunk.text);
  }
  const envelope = readEnvelope(parsed.value);
  if (!envelope.ok) return itemError("event", n, envelope.reason, chunk.text);
  const e = envelope.envelope;
  // Explicit properties, not spreads: this runs once per event on the ingest hot path.
  return normalizeObject({
    tenantId: ctx.tenantId,
    receivedAt: ctx.receivedAt,
    receiver: "hec",
    raw: chunk.text,
    original: e.original,
    extra: e.fields,
    time: e.time,
    host: e.host,
    source: e.source,
    sourcetype: e.sourcetype,
    index: e.index,
  });
}

export const hecEventParser: ParserComponent = {
  id: "splunk-hec-event",
  description: "Splunk HTTP Event Collector /services/collector/event body: concatenated JSON envelopes.",
  unit: "event",
  receiver: "hec",
  parse(body: string, ctx: ParseContext): ParseResult {
    const chunks = splitJsonValues(body);
    const refused = tooMany(chunks.length, ctx);
    if (refused) return refused;
    const result: ParseResult = { events: [], errors: [], total: 0 };
    chunks.forEach((chunk, index) => {
      result.total++;
      const item = parseChunk(chunk, index + 1, ctx);
      if ("reason" in item) result.errors.push(item);
      else result.events.push(item);
    });
    return result;
  },
};
