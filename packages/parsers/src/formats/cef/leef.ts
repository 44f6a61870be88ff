// IBM QRadar LEEF. 1.0: LEEF:1.0|Vendor|Product|Version|EventID|<tab-separated key=value>.
// 2.0: LEEF:2.0|Vendor|Product|Version|EventID|DelimiterCharacter|<key=value...>, where the
// delimiter is one character or its hex code ("x09", "0x09", "^").
import type { RecordContext, RecordResult } from "../../format/component";
import { fail, ok } from "../../format/component";
import { splitHeader } from "./cef";
import { securityFields } from "./map";

function delimiterOf(spec: string): string | undefined {
  if (spec === "") return "\t";
  if (spec.length === 1) return spec;
  const hex = /^(?:0?x)([0-9a-f]{1,4})$/i.exec(spec);
  if (!hex) return undefined;
  const code = Number.parseInt(hex[1] as string, 16);
  return code === 0 ? undefined : String.fromCharCode(code);
}

function pairs(body: string, delimiter: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of body.split(delimiter)) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    if (key !== "") out[key] = part.slice(eq + 1);
  }
  return out;
}

/** LEEF 2.0 may omit the delimiter field: then the attributes follow the 5th '|'. */
function leef2Delimiter(line: string, end: number): { delimiter?: string; end: number; reason?: string } {
  const bar = line.indexOf("|", end);
  const spec = bar < 0 ? undefined : line.slice(end, bar);
  if (spec === undefined || spec.includes("=") || spec.length > 6) return { delimiter: "\t", end };
  const delimiter = delimiterOf(spec);
  return delimiter === undefined ? { end, reason: `invalid LEEF 2.0 delimiter "${spec}"` } : { delimiter, end: bar + 1 };
}

export function parseLeef(line: string, ctx: RecordContext): RecordResult {
  const version = /^LEEF:(1\.0|2\.0|1|2)\|/.exec(line);
  if (!version) return fail(0, 'expected "LEEF:1.0|" or "LEEF:2.0|"');
  const header = splitHeader(line, 5, 5);
  if (!header.ok) return fail(header.position, header.reason);
  const [, vendor, product, productVersion, eventId] = header.fields;
  let delimiter = "\t";
  let end = header.end;
  if ((version[1] as string).startsWith("2")) {
    const d = leef2Delimiter(line, end);
    if (d.reason !== undefined || d.delimiter === undefined) return fail(end, d.reason ?? "invalid LEEF 2.0 delimiter");
    delimiter = d.delimiter;
    end = d.end;
  }
  const ext = pairs(line.slice(end), delimiter);
  const original: Record<string, unknown> = { leefVersion: version[1], vendor, product, version: productVersion, eventId, ...ext };
  return ok(securityFields(original, ext, "leef", ctx));
}
