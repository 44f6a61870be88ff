// One Splunk HEC envelope: {"event": ..., "time"?, "host"?, "source"?, "sourcetype"?, "index"?, "fields"?}.
// https://docs.splunk.com/Documentation/Splunk/latest/Data/FormateventsforHTTPEventCollector
import { isRecord } from "@vigil/schema";
import { parseJson } from "../json/parse";
import { parseEpochSeconds } from "../normalize/time";

export interface HecEnvelope {
  original: Record<string, unknown>;
  time?: Date;
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
  fields?: Record<string, unknown>;
}

export type EnvelopeResult = { ok: true; envelope: HecEnvelope } | { ok: false; reason: string };

const METADATA = ["host", "source", "sourcetype", "index"] as const;

function looksLikeObject(text: string): boolean {
  const t = text.trim();
  return t.startsWith("{") && t.endsWith("}");
}

/** A string event that holds a JSON object is parsed; anything else stays a message. */
function eventFields(event: unknown): Record<string, unknown> {
  if (isRecord(event)) return event;
  if (typeof event === "string" && looksLikeObject(event)) {
    const parsed = parseJson(event);
    if (parsed.ok && isRecord(parsed.value)) return parsed.value;
  }
  return { message: typeof event === "string" ? event : JSON.stringify(event) };
}

function readMetadata(obj: Record<string, unknown>): EnvelopeResult | Partial<HecEnvelope> {
  const meta: Partial<HecEnvelope> = {};
  for (const key of METADATA) {
    const value = obj[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") return { ok: false, reason: `"${key}" must be a string` };
    meta[key] = value;
  }
  if (obj.fields !== undefined && obj.fields !== null) {
    if (!isRecord(obj.fields)) return { ok: false, reason: `"fields" must be an object` };
    meta.fields = obj.fields;
  }
  return meta;
}

export function readEnvelope(obj: Record<string, unknown>): EnvelopeResult {
  if (!Object.hasOwn(obj, "event")) return { ok: false, reason: `missing "event" field` };
  const event = obj.event;
  if (event === null || (typeof event === "string" && event.trim() === "")) {
    return { ok: false, reason: `"event" field is blank` };
  }
  let time: Date | undefined;
  if (obj.time !== undefined && obj.time !== null) {
    time = parseEpochSeconds(obj.time);
    if (time === undefined) return { ok: false, reason: `invalid "time" ${typeof obj.time === "string" ? JSON.stringify(obj.time) : String(obj.time)}: expected epoch seconds` };
  }
  const meta = readMetadata(obj);
  if ("ok" in meta) return meta;
  meta.original = eventFields(event);
  if (time) meta.time = time;
  return { ok: true, envelope: meta as HecEnvelope };
}
