// Content parsers offered a syslog message: CEF, LEEF, auditd, netfilter, access logs, Squid, then the Linux auth rules.
import type { EcsFields, RecordContext } from "../format/component";
import { parseCef } from "./cef/cef";
import { parseLeef } from "./cef/leef";
import { auditdRecord } from "./linux/auditd";
import { linuxAuthFields } from "./linux/auth";
import { accessLogRecord } from "./web/access-log";
import { squidRecord } from "./web/squid";
import { isNetfilter, netfilterFields } from "./linux/netfilter";

export interface ContentRecord {
  time?: Date;
  original: Record<string, unknown>;
  fields: EcsFields;
}

export function enrichContent(appname: string | undefined, message: string, ctx: RecordContext): ContentRecord | undefined {
  const cefAt = message.startsWith("CEF:") ? 0 : message.indexOf(" CEF:") + 1;
  if (cefAt >= 0 && /^CEF:\d+\|/.test(message.slice(cefAt, cefAt + 8))) {
    const cef = parseCef(message.slice(cefAt), ctx);
    return cef.ok ? cef.record : undefined;
  }
  if (message.startsWith("LEEF:")) {
    const leef = parseLeef(message, ctx);
    return leef.ok ? leef.record : undefined;
  }
  const audit = auditdRecord(message);
  if (audit) return audit;
  if (isNetfilter(message)) return netfilterFields(message);
  const access = accessLogRecord(message);
  if (access) return access;
  const squid = squidRecord(message);
  if (squid) return squid;
  const fields = linuxAuthFields(appname, message);
  return fields ? { original: {}, fields } : undefined;
}
