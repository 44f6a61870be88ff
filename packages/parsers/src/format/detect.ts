// Per-record format detection from the first characters; JSON objects are told apart by shape
// when parsed (see parse-any), so detection stays a few cheap prefix tests.
import type { FormatId } from "./component";

const BSD_TIME = /^[A-Z][a-z]{2} [ \d]\d (?:\d{4} )?\d{2}:\d{2}:\d{2}/;
const ISO_SYSLOG = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\S* \S+ /;
const ACCESS = /^\S+ \S+ \S+ \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:/;
const AUDIT = /^(?:node=\S+ )?type=[A-Za-z0-9_]+ msg=audit\(/;
const SQUID = /^\d{9,11}\.\d{3}\s+\d+ \S+ [A-Z_]+\/\d{3} /;
const NETFILTER = /(?:^|\s)IN=\S* OUT=\S* /;

export type DetectedFormat = FormatId | "unknown";

export function detectFormat(raw: string): DetectedFormat {
  let i = 0;
  while (i < raw.length && (raw[i] === " " || raw[i] === "\t" || raw[i] === "\uFEFF")) i++;
  const head = i === 0 ? raw.slice(0, 128) : raw.slice(i, i + 128);
  const c = head[0];
  if (c === "{") return "json";
  if (c === "<" && /^<\d{1,3}>/.test(head)) return "syslog";
  if (head.startsWith("CEF:")) return "cef";
  if (head.startsWith("LEEF:")) return "leef";
  if ((c === "t" || c === "n") && AUDIT.test(head)) return "auditd";
  if (BSD_TIME.test(head) || ISO_SYSLOG.test(head)) return "syslog";
  if (ACCESS.test(head)) return "access-log";
  if (c !== undefined && c >= "0" && c <= "9" && SQUID.test(head)) return "squid";
  if (NETFILTER.test(raw)) return "iptables";
  return "unknown";
}
