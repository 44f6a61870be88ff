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

type TokenResult = { ok: true; value: string | undefined; end: number } | { ok: false; error: RecordError };

/** Reads a space-terminated header token of at most `max` printable characters. */
function token(line: string, pos: number, max: number, name: string): TokenResult {
  const end = line.indexOf(" ", pos);
  if (end < 0) return { ok: false, error: { position: line.length, reason: `line ended in ${name} (expected a space after it)` } };
  const length = end - pos;
  if (length === 0) return { ok: false, error: { position: pos, reason: `empty ${name} (use "-" for none)` } };
  if (length > max) return { ok: false, error: { position: pos, reason: `${name} longer than ${max} characters` } };
  return { ok: true, end: end + 1, value: length === 1 && line.charCodeAt(pos) === 45 /* "-" */ ? undefined : line.slice(pos, end) };
}

/** VERSION: 1-3 digits, no leading zero, then a space; returns the position after the space. */
function readVersion(line: string, pos: number): { version: number; end: number } | undefined {
  let i = pos;
  let version = 0;
  while (i < line.length && i - pos < 4) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (i === pos && c === 48) return undefined;
    version = version * 10 + (c - 48);
    i++;
  }
  if (i === pos || i - pos > 3 || line.charCodeAt(i) !== 32) return undefined;
  return { version, end: i + 1 };
}

function stripBom(message: string): string {
  return message.startsWith("\uFEFF") ? message.slice(1) : message;
}

/** Parses after the PRI (`pos` points at VERSION). */
export function parse5424(line: string, pos: number, syslog: SyslogSection): HeaderResult {
  const version = readVersion(line, pos);
  if (!version) return err(pos, "expected VERSION followed by a space");
  let i = version.end;
  let time: Date | undefined;
  if (line.startsWith("- ", i)) i += 2;
  else {
    const t = readRfc3339(line, i, 0);
    if (!t.ok) return err(t.position, t.reason);
    if (line[t.end] !== " ") return err(t.end, "expected a space after TIMESTAMP");
    time = t.time;
    i = t.end + 1;
  }
  // Explicit stores in header order (no computed keys): this runs once per syslog message.
  const header: SyslogSection = { ...syslog, version: version.version };
  const hostname = token(line, i, 255, "HOSTNAME");
  if (!hostname.ok) return hostname;
  if (hostname.value !== undefined) header.hostname = hostname.value;
  const appname = token(line, hostname.end, 48, "APPNAME");
  if (!appname.ok) return appname;
  if (appname.value !== undefined) header.appname = appname.value;
  const procid = token(line, appname.end, 128, "PROCID");
  if (!procid.ok) return procid;
  if (procid.value !== undefined) header.procid = procid.value;
  const msgid = token(line, procid.end, 32, "MSGID");
  if (!msgid.ok) return msgid;
  if (msgid.value !== undefined) header.msgid = msgid.value;
  i = msgid.end;
  const sd = readStructuredData(line, i);
  if (!sd.ok) return err(sd.position, sd.reason);
  if (sd.data) header.structured_data = sd.data;
  if (sd.end < line.length && line[sd.end] !== " ") return err(sd.end, "expected a space between STRUCTURED-DATA and MSG");
  const message = stripBom(line.slice(sd.end + 1)).trim();
  return { ok: true, header: { syslog: header, message, ...(time ? { time } : {}) } };
}
