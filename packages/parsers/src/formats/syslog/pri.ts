// PRI = facility * 8 + severity (RFC 5424 section 6.2.1).
import type { SyslogSection } from "@vigil/schema";

const FACILITIES = [
  "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
  "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
] as const;
const SEVERITIES = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"] as const;

export type PriResult = { ok: true; end: number; pri?: number } | { ok: false; position: number; reason: string };

/** Reads an optional `<PRI>` at the start of `line`. */
export function readPri(line: string): PriResult {
  if (line[0] !== "<") return { ok: true, end: 0 };
  const close = line.indexOf(">", 1);
  if (close < 0 || close > 4) return { ok: false, position: 0, reason: "PRI not closed by '>' within 3 digits" };
  const digits = line.slice(1, close);
  if (!/^\d{1,3}$/.test(digits)) return { ok: false, position: 1, reason: `PRI "${digits}" is not a number` };
  if (digits.length > 1 && digits.startsWith("0")) return { ok: false, position: 1, reason: `PRI "${digits}" has a leading zero` };
  const pri = Number(digits);
  if (pri > 191) return { ok: false, position: 1, reason: `PRI ${pri} is out of range 0..191` };
  return { ok: true, end: close + 1, pri };
}

export function priSection(pri: number | undefined): Pick<SyslogSection, "priority" | "facility" | "severity"> {
  if (pri === undefined) return {};
  const facility = Math.floor(pri / 8);
  const severity = pri % 8;
  return {
    priority: pri,
    facility: { code: facility, name: FACILITIES[facility] ?? `facility${facility}` },
    severity: { code: severity, name: SEVERITIES[severity] ?? `severity${severity}` },
  };
}
