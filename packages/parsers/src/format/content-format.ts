// The format a recognized syslog/message content is reported as (`vigil.format`), from the
// `event.module` its parser wrote: CEF/sshd/auditd/... by name, a proxy's line as Squid's native
// format or the access-log format it was written in.
import type { EcsFields, FormatId } from "./component";

const CONTENT_MODULES: ReadonlySet<string> = new Set(["cef", "leef", "linux-auth", "iptables", "auditd", "access-log"]);

export function contentFormatOf(fields: EcsFields): FormatId | undefined {
  const module = fields.event?.module;
  if (module === "proxy") return fields.observer?.product === "squid" ? "squid" : "access-log";
  return module !== undefined && CONTENT_MODULES.has(module) ? (module as FormatId) : undefined;
}
