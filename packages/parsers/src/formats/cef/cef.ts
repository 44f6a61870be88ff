// ArcSight CEF: CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension
// Header fields escape '|' and '\' with a backslash; extension values escape '=', '\', and
// encode newlines as \n / \r. Values may hold spaces: a value runs until the next " key=".
import type { RecordContext, RecordResult } from "../../format/component";
import { fail, ok } from "../../format/component";
import { securityFields } from "./map";

const HEADER_NAMES = ["cefVersion", "deviceVendor", "deviceProduct", "deviceVersion", "deviceEventClassId", "name", "severity"] as const;

export type HeaderSplit = { ok: true; fields: string[]; end: number } | { ok: false; position: number; reason: string };

/** Splits `count` pipe-terminated header fields, unescaping `\|` and `\\`. */
export function splitHeader(line: string, start: number, count: number): HeaderSplit {
  const fields: string[] = [];
  let current = "";
  for (let i = start; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "\\" && (line[i + 1] === "|" || line[i + 1] === "\\")) {
      current += line[++i];
    } else if (c === "|") {
      fields.push(current);
      current = "";
      if (fields.length === count) return { ok: true, fields, end: i + 1 };
    } else {
      current += c;
    }
  }
  return { ok: false, position: line.length, reason: `header has ${fields.length} of ${count} '|'-terminated fields` };
}

const KEY = /^[A-Za-z0-9_.[\]-]{1,64}$/;
const ESCAPES: Record<string, string> = { "=": "=", "\\": "\\", n: "\n", r: "\r", "|": "|" };

function unescapeValue(raw: string): string {
  if (!raw.includes("\\")) return raw;
  return raw.replace(/\\([=\\nr|])/g, (_, c: string) => ESCAPES[c] ?? c);
}

/** Unescaped '=' positions whose preceding word is a valid key: each starts a pair. Linear. */
function keyStarts(ext: string): Array<{ keyStart: number; eq: number }> {
  const starts: Array<{ keyStart: number; eq: number }> = [];
  let keyStart = 0;
  let lastEq = -1;
  for (let i = 0; i < ext.length; i++) {
    const c = ext[i];
    if (c === "\\") i++;
    else if (c === " ") keyStart = i + 1;
    else if (c === "=" && keyStart > lastEq && i - keyStart <= 64 && KEY.test(ext.slice(keyStart, i))) {
      starts.push({ keyStart, eq: i });
      lastEq = i;
    }
  }
  return starts;
}

/** CEF extension "k1=v1 k2=v with spaces" to a record, unescaping values. */
export function parseExtension(ext: string): Record<string, string> {
  const out: Record<string, string> = {};
  const starts = keyStarts(ext);
  starts.forEach(({ keyStart, eq }, n) => {
    const end = n + 1 < starts.length ? (starts[n + 1] as { keyStart: number }).keyStart - 1 : ext.length;
    out[ext.slice(keyStart, eq)] = unescapeValue(ext.slice(eq + 1, Math.max(end, eq + 1)).trimEnd());
  });
  return out;
}

/** Custom label pairs (cs1Label=Zone cs1=dmz) also exposed under their label. */
function labelled(ext: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, label] of Object.entries(ext)) {
    if (!key.endsWith("Label")) continue;
    const value = ext[key.slice(0, -5)];
    if (value !== undefined && label !== "" && !(label in ext)) out[label] = value;
  }
  return out;
}

export function parseCef(line: string, ctx: RecordContext): RecordResult {
  if (!line.startsWith("CEF:")) return fail(0, 'expected "CEF:"');
  const header = splitHeader(line, 4, 7);
  if (!header.ok) return fail(header.position, header.reason);
  const [version] = header.fields;
  if (!/^\d+(\.\d+)?$/.test(version as string)) return fail(4, `CEF version "${version}" is not a number`);
  const original: Record<string, unknown> = {};
  HEADER_NAMES.forEach((name, i) => (original[name] = header.fields[i]));
  const ext = parseExtension(line.slice(header.end));
  Object.assign(original, labelled(ext), ext);
  return ok(securityFields(original, ext, "cef", ctx));
}
