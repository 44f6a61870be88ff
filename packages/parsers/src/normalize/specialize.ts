// JSON receivers (HEC, NDJSON) hand their objects here: a known product shape (Windows in any
// of its four shapes, CloudTrail, Okta) gets its own mapping, anything else the generic picks.
import type { VigilEvent } from "@vigil/schema";
import { jsonObjectRecord } from "../formats/json/json";
import type { NormalizeInput } from "./to-event";
import { toVigilEvent } from "./to-event";

export function normalizeObject(input: NormalizeInput): VigilEvent {
  const { kind, record } = jsonObjectRecord(input.original);
  if (kind === "json") return toVigilEvent(input);
  return toVigilEvent({
    ...input,
    original: record.original,
    fields: record.fields,
    format: kind,
    ...(input.time === undefined && record.time ? { time: record.time } : {}),
  });
}
