// Windows event records in the JSON shape of evtx_dump (`Event.System`, `Event.EventData`) ->
// flat original fields named as Sigma rules name them: EventData `Data Name` fields as they are,
// System fields and attributes joined with `_` (spec: `Provider_Name`, `Execution_ProcessID`).
import type { VigilEvent } from "@vigil/schema";
import { createHash } from "node:crypto";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `{ "#attributes": {Name: x}, "#text": y }` -> key_Name = x, key = y; scalars stay. */
function flattenSystem(system: Json, out: Json): void {
  for (const [key, value] of Object.entries(system)) {
    if (!isObject(value)) {
      if (value !== null) out[key] = value;
      continue;
    }
    if ("#text" in value) out[key] = value["#text"];
    const attributes = value["#attributes"];
    if (isObject(attributes)) for (const [name, v] of Object.entries(attributes)) out[`${key}_${name}`] = v;
  }
}

/** EventData / UserData: named values; nested maps (UserData) contribute their leaves by name. */
function flattenData(data: unknown, out: Json, depth = 0): void {
  if (!isObject(data) || depth > 4) return;
  for (const [key, value] of Object.entries(data)) {
    if (key === "#attributes") continue;
    if (isObject(value) && !("#text" in value)) flattenData(value, out, depth + 1);
    else out[key] = isObject(value) ? value["#text"] : value;
  }
}

export function flattenEvtxRecord(record: unknown): Json {
  const event = isObject(record) && isObject(record.Event) ? record.Event : record;
  const out: Json = {};
  if (!isObject(event)) return out;
  if (isObject(event.System)) flattenSystem(event.System, out);
  flattenData(event.EventData, out);
  flattenData(event.UserData, out);
  return out;
}

/** Splits text holding one JSON value, an array, or several concatenated values. */
export function parseJsonRecords(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (depth++ === 0) start = i;
    } else if ((c === "}" || c === "]") && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  return out.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

/** A VigilEvent carrying a flattened Windows record as its original fields. */
export function evtxEvent(record: unknown): VigilEvent {
  const original = flattenEvtxRecord(record);
  const raw = JSON.stringify(record);
  const time = typeof original.TimeCreated_SystemTime === "string" ? original.TimeCreated_SystemTime : new Date(0).toISOString();
  return {
    id: createHash("sha256").update(raw).digest("hex"),
    "@timestamp": new Date(Date.parse(time)).toISOString(),
    event: { ...(original.EventID !== undefined ? { code: String(original.EventID) } : {}) },
    ...(typeof original.Computer === "string" ? { host: { name: original.Computer } } : {}),
    vigil: { receiver: "ndjson" },
    original,
    raw,
  };
}
