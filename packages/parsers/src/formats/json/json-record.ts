// One JSON object record, with the error position taken from the engine's message when given.
import { isRecord } from "@vigil/schema";
import { describeJsonType, parseJson } from "../../json/parse";

export type JsonRecord = { ok: true; value: Record<string, unknown> } | { ok: false; error: { position: number; reason: string } };

export const MAX_JSON_RECORD = 4 * 1024 * 1024;

export function parseJsonRecord(raw: string): JsonRecord {
  if (raw.length > MAX_JSON_RECORD) return { ok: false, error: { position: MAX_JSON_RECORD, reason: `JSON record longer than ${MAX_JSON_RECORD} characters` } };
  const parsed = parseJson(raw);
  if (!parsed.ok) {
    const at = /position (\d+)/.exec(parsed.reason);
    return { ok: false, error: { position: at ? Number(at[1]) : 0, reason: parsed.reason } };
  }
  if (!isRecord(parsed.value)) return { ok: false, error: { position: 0, reason: `expected a JSON object, got ${describeJsonType(parsed.value)}` } };
  return { ok: true, value: parsed.value };
}
