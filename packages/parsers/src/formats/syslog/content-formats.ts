// Formats whose payload usually travels inside syslog (CEF, LEEF, Linux auth, iptables, auditd): each
// accepts the bare payload or a full syslog line, and insists the payload is really its own.
import type { FormatComponent, RecordContext, RecordParser, RecordResult } from "../../format/component";
import { fail, noConfig, ok } from "../../format/component";
import { parseCef } from "../cef/cef";
import { parseLeef } from "../cef/leef";
import { auditdRecord } from "../linux/auditd";
import { isNetfilter, netfilterFields } from "../linux/netfilter";
import { syslogFormat } from "./syslog";

const wrapped = syslogFormat.build(syslogFormat.defaults);

/** Parses `raw` as syslog and keeps the result only if the content was recognized as `module`. */
function viaSyslog(raw: string, ctx: RecordContext, module: string, what: string): RecordResult {
  const record = wrapped(raw, ctx);
  if (!record.ok) return record;
  if (record.record.fields.event?.module !== module) {
    const message = record.record.fields.message ?? "";
    return fail(Math.max(0, raw.length - message.length), `no ${what} in the syslog content`);
  }
  return record;
}

function contentFormat(id: "cef" | "leef" | "linux-auth" | "iptables" | "auditd", description: string, bare: (raw: string, ctx: RecordContext) => RecordResult | undefined, what: string): FormatComponent {
  return {
    id,
    description,
    defaults: {},
    configure: noConfig(id),
    build(): RecordParser {
      return (raw, ctx) => bare(raw, ctx) ?? viaSyslog(raw, ctx, id, what);
    },
  };
}

export const cefFormat = contentFormat("cef", "ArcSight CEF, bare or inside syslog, header and extension unescaped, mapped to ECS.",
  (raw, ctx) => (raw.startsWith("CEF:") ? parseCef(raw, ctx) : undefined), "CEF payload");

export const leefFormat = contentFormat("leef", "IBM LEEF 1.0 and 2.0 (custom delimiter, hex too), bare or inside syslog.",
  (raw, ctx) => (raw.startsWith("LEEF:") ? parseLeef(raw, ctx) : undefined), "LEEF payload");

export const linuxAuthFormat = contentFormat("linux-auth", "Linux auth/secure lines: sshd, pam_unix, sudo, su, useradd/usermod/groupadd.",
  () => undefined, "sshd/sudo/su/useradd event");

export const iptablesFormat = contentFormat("iptables", "iptables/netfilter LOG lines (IN= OUT= SRC= DST= PROTO= SPT= DPT=).",
  (raw) => (isNetfilter(raw) && !raw.startsWith("<") && !/^[A-Z][a-z]{2} /.test(raw) ? ok({ ...netfilterFields(raw) }) : undefined), "netfilter LOG line");


export const auditdFormat = contentFormat("auditd", "Linux audit records (audit.log, audisp-syslog, kernel audit: lines): hex values decoded, USER_* messages flattened, syscalls named.",
  (raw) => {
    const record = auditdRecord(raw);
    return record ? ok(record) : undefined;
  }, "auditd record");
