// Reads the real Windows events under ../shared/data (evtx_dump `Event.System/EventData` JSON and
// python-evtx `System/EventData` JSONL) into flat field maps, as Sigma field names expect them.
// Only the two shapes found there; the analyst CLI's flattener takes all four.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type Fields = Record<string, unknown>;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `{"#text": 4688, "#attributes": {...}}` -> 4688; `{"#attributes": {"Name": x}}` -> attributes. */
function scalar(v: unknown): unknown {
  if (isMap(v) && "#text" in v) return v["#text"];
  return v;
}

function attrs(v: unknown): Record<string, unknown> {
  if (!isMap(v)) return {};
  return isMap(v["#attributes"]) ? v["#attributes"] : v;
}

export function flattenWindows(doc: unknown): Fields | undefined {
  const root = isMap(doc) && isMap(doc.Event) ? doc.Event : doc;
  if (!isMap(root) || !isMap(root.System)) return undefined;
  const sys = root.System;
  const out: Fields = {};
  for (const [k, v] of Object.entries(isMap(root.EventData) ? root.EventData : {})) {
    if (k !== "#attributes") out[k] = scalar(v);
  }
  for (const v of Object.values(isMap(root.UserData) ? root.UserData : {})) {
    if (isMap(v)) for (const [k2, v2] of Object.entries(v)) if (k2 !== "#attributes") out[k2] ??= scalar(v2);
  }
  const eventId = scalar(sys.EventID);
  out.EventID = typeof eventId === "string" && /^\d+$/.test(eventId) ? Number(eventId) : eventId;
  out.Channel = scalar(sys.Channel);
  out.Computer = scalar(sys.Computer);
  out.Provider_Name = attrs(sys.Provider).Name;
  out.TimeCreated_SystemTime = attrs(sys.TimeCreated).SystemTime;
  return out;
}

/** JSON text holding one value, an array, or several concatenated values. */
export function parseJsonValues(text: string): unknown[] {
  try {
    const one: unknown = JSON.parse(text);
    return Array.isArray(one) ? one : [one];
  } catch {
    const values: unknown[] = [];
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
      } else if ((c === "}" || c === "]") && --depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
    }
    return values;
  }
}

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The real Windows events under `dataDir`: SigmaHQ regression data (attacks) and DeepBlueCLI. */
export function loadWindowsEvents(dataDir: string): { attack: Fields[]; background: Fields[] } {
  const attack: Fields[] = [];
  const background: Fields[] = [];
  for (const file of files(join(dataDir, "sigma", "regression_data"), /\.json$/)) {
    for (const doc of parseJsonValues(readFileSync(file, "utf8"))) {
      const flat = flattenWindows(doc);
      if (flat) attack.push(flat);
    }
  }
  for (const file of files(join(dataDir, "deepbluecli"), /\.jsonl$/)) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const flat = flattenWindows(JSON.parse(line));
      if (flat) background.push(flat);
    }
  }
  return { attack, background };
}
