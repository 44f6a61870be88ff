// Vigil's processing pipeline: which Sigma logsources see which of Vigil's events. The parsers
// name the source of what they recognized (`event.module`): Windows event logs (Channel), Linux
// auth lines, iptables lines, Linux audit records, proxy logs (Squid, access logs of absolute
// URLs), web access logs, AWS CloudTrail and Okta. A rule for another product
// or for another source's category never sees such an event, so a web server keyword rule cannot
// fire on a Windows command line and a Linux keyword rule cannot fire on a URL. Events Vigil did
// not recognize (generic JSON, CEF/LEEF, other syslog content) are seen by every rule except
// Windows ones, as before: their fields are the sender's, and a rule may well be written for them.
// Rules without a product whose category is not tied to one kind of source (Vigil's own
// `authentication`, `file_access`, ...) read the normalized fields and see every event.
// Field names of the Sigma web server / proxy / firewall taxonomy resolve to the normalized fields
// (eval/fields.ts); this file only scopes.
import type { VigilEvent } from "@vigil/schema";
import type { LogSource, SigmaRule } from "../model/types";
import { isWindowsEvent, windowsLogsourceAdmits } from "./windows-logsources";

/** The sources Vigil's parsers recognize (`event.module`, Windows by its Channel). */
export type VigilSource = "windows" | "linux-auth" | "iptables" | "auditd" | "access-log" | "proxy" | "cloudtrail" | "okta";

const MODULES: ReadonlyMap<string, VigilSource> = new Map([
  ["windows", "windows"], ["sysmon", "windows"], ["linux-auth", "linux-auth"], ["iptables", "iptables"], ["auditd", "auditd"],
  ["access-log", "access-log"], ["proxy", "proxy"], ["cloudtrail", "cloudtrail"], ["okta", "okta"],
]);

/** The Sigma `product` of each recognized source (web access and proxy logs have none: rules name the category). */
const PRODUCT: Readonly<Record<VigilSource, string | undefined>> = {
  windows: "windows", "linux-auth": "linux", iptables: "linux", auditd: "linux", "access-log": undefined, proxy: undefined, cloudtrail: "aws", okta: "okta",
};

/**
 * Sigma categories that, without a product, mean one kind of log: such a rule reads that log's
 * fields (`cs-uri-query`, `c-useragent`, `dst_ip`, ...) and sees, of the recognized sources, only
 * these (and every unrecognized event).
 */
const SOURCE_CATEGORIES: ReadonlyMap<string, readonly VigilSource[]> = new Map([
  ["webserver", ["access-log"]],
  ["proxy", ["proxy"]],
  ["firewall", ["iptables"]],
  ["dns", []],
  ["antivirus", []],
]);

/** Product-less `service` names of web servers (Sigma's `service: apache` rules). */
const WEB_SERVICES = new Set(["apache", "nginx", "iis"]);

/**
 * Linux categories an auth line is not (they come from auditd, Sysmon for Linux or EDR agents),
 * except that a sudo COMMAND line (event.category "process") records the command it ran.
 */
const NOT_AUTH_CATEGORIES = new Set(["process_creation", "file_event", "file_change", "file_rename", "file_delete", "network_connection"]);

const isExecve = (event: VigilEvent) => event.original.type === "EXECVE";
const isCreatedPath = (event: VigilEvent) => event.original.type === "PATH" && event.original.nametype === "CREATE";
/** A SOCKADDR record joined to its `connect` SYSCALL record (parsers' audit-events.ts). */
const isConnection = (event: VigilEvent) => event.original.type === "SOCKADDR" && event.event.category === "network";

export function vigilSource(event: VigilEvent): VigilSource | undefined {
  if (isWindowsEvent(event)) return "windows";
  const module = event.event.module;
  return module === undefined ? undefined : MODULES.get(module);
}

/** "sshd(pam_unix)" -> "sshd", "/usr/sbin/sshd" -> "sshd" (the program of a syslog line). */
function program(event: VigilEvent): string {
  const app = event.log?.syslog?.appname ?? event.process?.name ?? "";
  const base = app.slice(app.lastIndexOf("/") + 1);
  const paren = base.indexOf("(");
  return (paren > 0 ? base.slice(0, paren) : base).toLowerCase();
}

const lower = (v: string | undefined) => v?.toLowerCase();

/** A rule of the source's own product: its service and category must fit the source too. */
function admitsOwnProduct(source: VigilSource, service: string | undefined, category: string | undefined, event: VigilEvent): boolean {
  switch (source) {
    case "linux-auth":
      if (category !== undefined && NOT_AUTH_CATEGORIES.has(category) && !(category === "process_creation" && event.event.category === "process")) return false;
      return service === undefined || service === "auth" || service === "syslog" || service === program(event);
    case "iptables":
      return (service === undefined || service === "syslog" || service === "iptables") && (category === undefined || category === "firewall");
    // SigmaHQ's auditd rules (service auditd) read the record's own fields; Linux keyword rules
    // (no service, no category) see every Linux log. An EXECVE record is a process start, a
    // PATH record of a created file a file creation and the SOCKADDR record of a connect an
    // outbound connection (Image, CommandLine, TargetFilename, DestinationIp, ... joined from
    // their event's records: parsers' audit-events.ts) for process_creation, file_event and
    // network_connection rules; other category rules read Sysmon for Linux / EDR fields no audit
    // record has.
    case "auditd":
      if (category === "process_creation") return service === undefined && isExecve(event);
      if (category === "file_event") return service === undefined && isCreatedPath(event);
      if (category === "network_connection") return service === undefined && isConnection(event);
      return (service === undefined || service === "auditd") && category === undefined;
    case "cloudtrail":
      return service === undefined || service === "cloudtrail";
    case "okta":
      return service === undefined || service === "okta";
    default:
      return true;
  }
}

export function vigilLogsourceAdmits(logsource: LogSource, event: VigilEvent): boolean {
  const product = lower(logsource.product);
  const category = lower(logsource.category);
  const service = lower(logsource.service);
  const source = vigilSource(event);
  if (source === "windows" && product === "windows") return windowsLogsourceAdmits(logsource, event.original);
  if (product === "windows") return false;
  if (source === undefined) return true;
  if (product !== undefined) return product === PRODUCT[source] && admitsOwnProduct(source, service, category, event);
  const only = category === undefined ? undefined : SOURCE_CATEGORIES.get(category);
  if (only) return only.includes(source);
  if (service !== undefined) return source === "access-log" && WEB_SERVICES.has(service);
  return true;
}

/** `admits` of the vigil pipeline (reads only the rule's logsource, as the router requires). */
export function vigilAdmits(rule: SigmaRule, event: VigilEvent): boolean {
  return vigilLogsourceAdmits(rule.logsource, event);
}

/**
 * Everything `vigilAdmits` reads from an event, as one string: Windows events by Channel and
 * EventID (the router memoizes those by their raw values), others by source and, for Linux auth
 * lines, program and event category (a sudo COMMAND line is a process creation), for audit
 * records whether it is an EXECVE one (a process start), the PATH of a created file or the
 * SOCKADDR of a connect.
 */
export function vigilRouteKey(event: VigilEvent, windowsKey: (event: VigilEvent) => string): string {
  const source = vigilSource(event);
  if (source === "windows") return `w\u0001${windowsKey(event)}`;
  if (source === "linux-auth") return `linux-auth\u0001${program(event)}\u0001${event.event.category === "process" ? "process" : ""}`;
  if (source === "auditd") return isExecve(event) ? "auditd\u0001execve" : isCreatedPath(event) ? "auditd\u0001create" : isConnection(event) ? "auditd\u0001connect" : "auditd";
  return source ?? "?";
}
