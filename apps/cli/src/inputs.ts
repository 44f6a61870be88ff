// Event files: JSONL (one event per line), or JSON holding one event, an array of events or
// several concatenated objects; directories are searched recursively for such files. Every
// record keeps where it came from: the file and its line (JSONL) or index (JSON).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { splitJsonValues } from "@vigil/parsers";
import { UsageError } from "./args";

export interface InputRecord {
  file: string;
  /** 1-based line in a JSONL file, or 0-based index in a JSON file. */
  line: number;
  value: unknown;
  raw: string;
}

export interface InputProblem {
  file: string;
  line: number;
  reason: string;
}

const EVENT_FILE = /\.(jsonl|ndjson|json)$/i;

/** The event files under `path` (a file is taken as it is, whatever its name). */
export function eventFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`events path not found: ${path}`);
  }
  if (stat.isFile()) return [path];
  const files = readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && EVENT_FILE.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  if (files.length === 0) throw new UsageError(`no .json, .jsonl or .ndjson files under ${path}`);
  return files;
}

function isJsonLines(file: string, text: string): boolean {
  if (/\.(jsonl|ndjson)$/i.test(file)) return true;
  if (/\.json$/i.test(file)) return false;
  // Unknown extension: JSON Lines when the first two non-empty lines each hold an object.
  const lines = text.split("\n").filter((l) => l.trim() !== "").slice(0, 2);
  return lines.length > 1 && lines.every((l) => /^\s*\{.*\}\s*$/.test(l));
}

function parse(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads one file's records; unparsable parts become problems, not exceptions. */
export function readRecords(file: string, problems: InputProblem[]): InputRecord[] {
  const text = readFileSync(file, "utf8");
  const out: InputRecord[] = [];
  if (isJsonLines(file, text)) {
    text.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      const parsed = parse(line);
      if (parsed.ok) out.push({ file, line: i + 1, value: parsed.value, raw: line.trim() });
      else problems.push({ file, line: i + 1, reason: parsed.reason });
    });
    return out;
  }
  const whole = parse(text);
  const values = whole.ok ? [whole.value] : splitJsonValues(text).map((chunk) => chunk.text);
  let index = 0;
  for (const v of values) {
    const parsed = whole.ok ? { ok: true as const, value: v } : parse(v as string);
    if (!parsed.ok) {
      problems.push({ file, line: index, reason: parsed.reason });
      continue;
    }
    const items = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    for (const item of items) out.push({ file, line: index++, value: item, raw: JSON.stringify(item) });
  }
  return out;
}
