// Which routes carry events, and about how many events a body holds. The estimate is taken on the
// raw text before parsing (one indexOf pass, no allocation) so quotas cost nothing per event; it
// counts lines (NDJSON, raw, `_bulk` action+document pairs) and `}{` joints (HEC allows events
// concatenated without a newline). Exactness is not needed: quotas are rates, and the parser
// still bounds the items of one body (MAX_ITEMS_PER_BODY).
export type IngestKind = "hec-event" | "hec-raw" | "ndjson" | "bulk" | "otlp";

const KINDS: Record<string, IngestKind> = {
  "/services/collector": "hec-event",
  "/services/collector/event": "hec-event",
  "/services/collector/event/1.0": "hec-event",
  "/services/collector/raw": "hec-raw",
  "/services/collector/raw/1.0": "hec-raw",
  "/v1/events": "ndjson",
  "/_bulk": "bulk",
  "/:index/_bulk": "bulk",
  "/v1/logs": "otlp",
};

export function ingestKind(routeUrl: string | undefined): IngestKind | undefined {
  return routeUrl === undefined ? undefined : KINDS[routeUrl];
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

export function estimateEvents(kind: IngestKind, body: string): number {
  if (body.length === 0) return 0;
  const lines = count(body, "\n") + (body.endsWith("\n") ? 0 : 1);
  if (kind === "bulk") return Math.ceil(lines / 2);
  // OTLP/JSON is one document: every log record carries a timeUnixNano or observedTimeUnixNano.
  if (kind === "otlp") return Math.max(1, count(body, "TimeUnixNano\""));
  if (kind === "hec-event") return lines + count(body, "}{");
  return lines;
}
