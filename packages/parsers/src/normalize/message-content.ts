// Shippers that tail log files or read the systemd journal (Filebeat, Fluent Bit, Vector, Logstash,
// a Splunk forwarder's string events, `journalctl -o json`) send each line as the `message`
// (Fluent Bit: `log`, the journal: `MESSAGE`) of a JSON document. When the
// document says nothing of what happened (no action, no outcome), that line is the event: a whole
// syslog line is parsed with its header, a bare one offered to the content parsers (sshd/sudo/su,
// auditd, iptables, CEF, LEEF, access logs), as the syslog receiver does. Only a recognized
// content is kept; anything else stays the generic JSON event it was.
import { contentFormatOf } from "../format/content-format";
import { detectFormat } from "../format/detect";
import type { EcsFields } from "../format/component";
import { enrichContent } from "../formats/content";
import { MAX_SYSLOG_LINE, syslogFormat } from "../formats/syslog/syslog";

const syslogLine = syslogFormat.build(syslogFormat.defaults);

export interface MessageContent {
  fields: EcsFields;
  original: Record<string, unknown>;
  time?: Date;
  /** The content's format (linux-auth, auditd, iptables, cef, squid, ...). */
  format: string;
}

/**
 * The program that wrote the line, as shippers name it: rsyslog's programname, journald's
 * SYSLOG_IDENTIFIER (journalctl -o json, Fluent Bit's systemd input, Vector) or Filebeat's
 * `syslog.identifier`, the journal's command name.
 */
export const PROGRAM_FIELDS = ["process.name", "program", "appname", "syslog.appname", "SYSLOG_IDENTIFIER", "syslog.identifier", "syslog_identifier", "ident", "_COMM"] as const;

export function messageContent(message: string, program: string | undefined, receivedAt: Date): MessageContent | undefined {
  if (message.length === 0 || message.length > MAX_SYSLOG_LINE) return undefined;
  if (detectFormat(message) === "syslog") {
    const parsed = syslogLine(message, { receivedAt });
    const format = parsed.ok ? contentFormatOf(parsed.record.fields) : undefined;
    if (!parsed.ok || format === undefined) return undefined;
    return { fields: parsed.record.fields, original: parsed.record.original, format, ...(parsed.record.time ? { time: parsed.record.time } : {}) };
  }
  const content = enrichContent(program, message, { receivedAt });
  const format = content ? contentFormatOf(content.fields) : undefined;
  if (!content || format === undefined) return undefined;
  return { fields: content.fields, original: content.original, format, ...(content.time ? { time: content.time } : {}) };
}
