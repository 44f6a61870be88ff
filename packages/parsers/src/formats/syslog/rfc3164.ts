// RFC 3164 (BSD syslog) as it is written in the wild: optional PRI, "Mmm dd hh:mm:ss" (or an
// RFC 3339 time, as rsyslog's high-precision template writes), optional HOSTNAME, a TAG with
// an optional [PID], then the content. Tags may carry a version ("syslogd 1.4.1:") or, when a
// [PID] follows, any text without ':' or brackets ("-- root[2421]:"), as sysklogd wrote them.
import type { SyslogSection } from "@vigil/schema";
import type { HeaderResult } from "./rfc5424";
import { readBsdTime, readRfc3339 } from "./time";

export interface BsdOptions {
  offsetMinutes: number;
  ref: Date;
}

const TAG_WITH_PID = /^([^:[\]\s][^:[\]]{0,47})\[([^\]\s]{1,32})\]:(?: |$)/;
const TAG_PLAIN = /^([^:[\]\s]{1,48}(?: \d+(?:\.\d+)+)?):(?: |$)/;

/** Content that starts right after the timestamp (no host): CEF/LEEF appliances do this. */
const CONTENT_START = /^(CEF|LEEF):\d/;

interface Tag {
  appname?: string;
  procid?: string;
  end: number;
}

function readTag(line: string, pos: number): Tag {
  const rest = line.slice(pos, pos + 96);
  const withPid = TAG_WITH_PID.exec(rest);
  if (withPid) return { appname: (withPid[1] as string).trimEnd(), procid: withPid[2], end: pos + withPid[0].length };
  const plain = TAG_PLAIN.exec(rest);
  if (plain) return { appname: plain[1], end: pos + plain[0].length };
  return { end: pos };
}

/** A host token is anything but a tag: tags end with ':' or carry '[pid]'. */
function readHost(line: string, pos: number): { host?: string; end: number } {
  const end = line.indexOf(" ", pos);
  const word = end < 0 ? line.slice(pos) : line.slice(pos, end);
  if (word === "" || word.endsWith(":") || word.includes("[") || end < 0 || CONTENT_START.test(word)) return { end: pos };
  return { host: word, end: end + 1 };
}

function skipSpaces(line: string, pos: number): number {
  let i = pos;
  while (line[i] === " ") i++;
  return i;
}

export function parse3164(line: string, pos: number, syslog: SyslogSection, opts: BsdOptions): HeaderResult {
  const isoTime = /^\d{4}-\d{2}-\d{2}T/.test(line.slice(pos, pos + 11));
  const t = isoTime ? readRfc3339(line, pos, opts.offsetMinutes) : readBsdTime(line, pos, opts.offsetMinutes, opts.ref);
  if (!t.ok) return { ok: false, error: { position: t.position, reason: t.reason } };
  let i = skipSpaces(line, t.end);
  const host = readHost(line, i);
  i = skipSpaces(line, host.end);
  const tag = readTag(line, i);
  const header: SyslogSection = { ...syslog };
  if (host.host !== undefined) header.hostname = host.host;
  if (tag.appname !== undefined) header.appname = tag.appname;
  if (tag.procid !== undefined) header.procid = tag.procid;
  return { ok: true, header: { time: t.time, syslog: header, message: line.slice(tag.end).trim() } };
}
