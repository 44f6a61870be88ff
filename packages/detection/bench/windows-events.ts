// Reads the real Windows events under ../shared/data (evtx_dump `Event.System/EventData` JSON and
// python-evtx `System/EventData` JSONL) into flat field maps, as Sigma field names expect them.
// Flattening is the detection pipeline's own (src/pipeline/evtx.ts), so the benchmark measures
// the fields the engine sees in production.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { flattenEvtxRecord, parseJsonRecords } from "../src/pipeline/evtx";

export type Fields = Record<string, unknown>;

/** A flattened Windows record, or undefined for JSON that is not one (no System section). */
function flattenWindows(doc: unknown): Fields | undefined {
  const flat = flattenEvtxRecord(doc);
  return flat.Channel === undefined && flat.EventID === undefined ? undefined : flat;
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
    for (const doc of parseJsonRecords(readFileSync(file, "utf8"))) {
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
