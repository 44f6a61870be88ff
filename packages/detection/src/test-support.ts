// Builds normalized events for the unit tests (kept out of the package's exports).
import type { VigilEvent } from "@vigil/schema";
import { createHash } from "node:crypto";
import { loadRules } from "./load/load";
import type { SigmaRule } from "./model/types";

let counter = 0;

export function makeEvent(fields: Partial<VigilEvent> & { original?: Record<string, unknown> } = {}): VigilEvent {
  const raw = fields.raw ?? JSON.stringify({ n: counter++, ...fields });
  return {
    id: createHash("sha256").update(raw).digest("hex"),
    "@timestamp": "2026-11-27T10:00:00.000Z",
    event: {},
    vigil: { receiver: "ndjson" },
    original: {},
    ...fields,
    raw,
  };
}

export function at(minutes: number, seconds = 0): string {
  return new Date(Date.UTC(2026, 10, 27, 10, minutes, seconds)).toISOString();
}

/** One rule from the YAML body of its `detection` map (indented two spaces). */
export function detectionRule(detection: string, placeholders?: Record<string, string[]>): Promise<SigmaRule> {
  const set = loadRules([{ file: "t.yml", text: `title: t\nlogsource: {}\ndetection:\n${detection}` }], { strict: true, ...(placeholders ? { placeholders } : {}) });
  return Promise.resolve(set.rules[0] as SigmaRule);
}
