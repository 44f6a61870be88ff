// Syslog line (RFC 5424 or RFC 3164, told apart by the VERSION digit after PRI) to a record.
// The content is then offered to the content parsers (sshd/sudo/su/useradd, iptables, CEF, LEEF)
// so a CEF appliance or an sshd behind rsyslog is normalized without per-source configuration.
import type { SyslogSection } from "@vigil/schema";
import type { ConfigCheck, FormatComponent, ParsedRecord, RecordContext, RecordResult } from "../../format/component";
import { fail, ok } from "../../format/component";
import { compact, toInt } from "../../format/util";
import { enrichContent } from "../content";
import { priSection, readPri } from "./pri";
import { parse3164 } from "./rfc3164";
import type { HeaderResult, SyslogHeader } from "./rfc5424";
import { parse5424 } from "./rfc5424";
import { parseOffset } from "./time";

export interface SyslogConfig {
  /** Zone of RFC 3164 timestamps (they carry none): "Z" or "+hh:mm". */
  timezone: string;
  /** Offer the content to the content parsers (sshd, iptables, CEF, ...). */
  content: boolean;
}

export const MAX_SYSLOG_LINE = 256 * 1024;

export function readHeader(line: string, ctx: RecordContext, offsetMinutes: number): HeaderResult {
  if (line.length === 0) return { ok: false, error: { position: 0, reason: "empty line" } };
  const pri = readPri(line);
  if (!pri.ok) return { ok: false, error: { position: pri.position, reason: pri.reason } };
  const syslog: SyslogSection = priSection(pri.pri);
  if (pri.pri !== undefined && /^[1-9]\d{0,2} /.test(line.slice(pri.end, pri.end + 4))) return parse5424(line, pri.end, syslog);
  return parse3164(line, pri.end, syslog, { offsetMinutes, ref: ctx.receivedAt });
}

export function headerRecord(header: SyslogHeader): ParsedRecord {
  const { syslog, message } = header;
  const original: Record<string, unknown> = compact({
    hostname: syslog.hostname,
    appname: syslog.appname,
    procid: syslog.procid,
    msgid: syslog.msgid,
    facility: syslog.facility?.name,
    severity: syslog.severity?.name,
    structured_data: syslog.structured_data,
    message,
  }) ?? {};
  const fields = {
    log: { syslog },
    host: compact({ name: syslog.hostname }),
    process: compact({ name: syslog.appname, pid: toInt(syslog.procid) }),
    message,
    event: {},
  };
  return { original, fields, ...(header.time ? { time: header.time } : {}) };
}

/** Copies `from`'s defined keys onto `to` (object spread is a slow path in V8 for these shapes). */
function assignDefined<T extends object>(to: T, from: T): T {
  for (const key in from) if (from[key] !== undefined) to[key] = from[key];
  return to;
}

export function withContent(record: ParsedRecord, ctx: RecordContext): ParsedRecord {
  const fields = record.fields;
  const content = enrichContent(fields.log?.syslog?.appname, fields.message ?? "", ctx);
  if (!content) return record;
  const c = content.fields;
  // The content's sections win; host and process are merged (syslog knows the pid, CEF the device).
  const host = fields.host;
  const process = fields.process;
  assignDefined(fields, c);
  if (host && c.host) fields.host = assignDefined(host, c.host);
  if (process && c.process) fields.process = assignDefined(process, c.process);
  const time = record.time ?? content.time;
  const original = assignDefined(record.original, content.original);
  return time ? { time, original, fields } : { original, fields };
}

function configure(config: unknown): ConfigCheck<SyslogConfig> {
  const merged = { ...syslogFormat.defaults, ...(typeof config === "object" && config !== null ? config : {}) } as SyslogConfig;
  if (typeof merged.timezone !== "string" || parseOffset(merged.timezone) === undefined) {
    return { ok: false, reason: `syslog.timezone must be "Z" or "+hh:mm", got ${JSON.stringify(merged.timezone)}` };
  }
  if (typeof merged.content !== "boolean") return { ok: false, reason: "syslog.content must be a boolean" };
  return { ok: true, config: merged };
}

export const syslogFormat: FormatComponent<SyslogConfig> = {
  id: "syslog",
  description: "Syslog line, RFC 5424 or RFC 3164, with sshd/sudo/iptables/CEF/LEEF content parsed when recognized.",
  defaults: { timezone: "Z", content: true },
  configure,
  build(config) {
    const offset = parseOffset(config.timezone) ?? 0;
    return (raw: string, ctx: RecordContext): RecordResult => {
      if (raw.length > MAX_SYSLOG_LINE) return fail(MAX_SYSLOG_LINE, `syslog line longer than ${MAX_SYSLOG_LINE} characters`);
      const header = readHeader(raw, ctx, offset);
      if (!header.ok) return fail(header.error.position, header.error.reason);
      const record = headerRecord(header.header);
      return ok(config.content ? withContent(record, ctx) : record);
    };
  },
};
