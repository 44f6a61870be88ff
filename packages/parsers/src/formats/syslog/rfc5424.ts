// RFC 5424: <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG]
import type { SyslogSection } from "@vigil/schema";
import type { RecordError } from "../../format/component";
import { readStructuredData } from "./structured-data";
import { readRfc3339 } from "./time";

export interface SyslogHeader {
  time?: Date;
  syslog: SyslogSection;
  message: string;
}

export type HeaderResult = { ok: true; header: SyslogHeader } | { ok: false; error: RecordError };

const err = (position: number, reason: string): HeaderResult => ({ ok: false, error: { position, reason } });

/** Reads a space-terminated header token of at most `max` printable characters. */
function token(line: string, pos: number, max: number, name: string): { ok: true; value?: string; end: number } | { ok: false; error: RecordError } {
  const end = line.indexOf(" ", pos);
  if (end < 0) return { ok: false, error: { position: line.length, reason: `line ended in ${name} (expected a space after it)` } };
  const value = line.slice(pos, end);
  if (value.length === 0) return { ok: false, error: { position: pos, reason: `empty ${name} (use "-" for none)` } };
  if (value.length > max) return { ok: false, error: { position: pos, reason: `${name} longer than ${max} characters` } };
  return { ok: true, end: end + 1, ...(value === "-" ? {} : { value }) };
}

function stripBom(message: string): string {
  return message.startsWith("\uFEFF") ? message.slice(1) : message;
}

/** Parses after the PRI (`pos` points at VERSION). */
export function parse5424(line: string, pos: number, syslog: SyslogSection): HeaderResult {
  const version = /^([1-9]\d{0,2}) /.exec(line.slice(pos, pos + 4));
  if (!version) return err(pos, "expected VERSION followed by a space");
  let i = pos + version[0].length;
  let time: Date | undefined;
  if (line.startsWith("- ", i)) i += 2;
  else {
    const t = readRfc3339(line, i, 0);
    if (!t.ok) return err(t.position, t.reason);
    if (line[t.end] !== " ") return err(t.end, "expected a space after TIMESTAMP");
    time = t.time;
    i = t.end + 1;
  }
  const fields: Array<[keyof SyslogSection, number]> = [["hostname", 255], ["appname", 48], ["procid", 128], ["msgid", 32]];
  const header: SyslogSection = { ...syslog, version: Number(version[1]) };
  for (const [name, max] of fields) {
    const t = token(line, i, max, name.toUpperCase());
    if (!t.ok) return t;
    if (t.value !== undefined) Object.assign(header, { [name]: t.value });
    i = t.end;
  }
  const sd = readStructuredData(line, i);
  if (!sd.ok) return err(sd.position, sd.reason);
  if (sd.data) header.structured_data = sd.data;
  if (sd.end < line.length && line[sd.end] !== " ") return err(sd.end, "expected a space between STRUCTURED-DATA and MSG");
  const message = stripBom(line.slice(sd.end + 1)).trim();
  return { ok: true, header: { syslog: header, message, ...(time ? { time } : {}) } };
}
