// Windows coverage: every event in the shared data (python-evtx JSONL from DeepBlueCLI, evtx_dump
// JSON from the Sigma regression set) must normalize @timestamp (to its SystemTime, not the
// receive time), event.code, host.name, and each user/process/file field the event carries.
import { getField, isRecord } from "@vigil/schema";
import type { VigilEvent } from "@vigil/schema";
import { flattenWindowsEvent, parseAny } from "../src/index";

/** Source field (any of) -> ECS path that must hold it; `same` = value must be equal. */
const CHECKS: Array<{ from: string[]; to: string; same?: boolean; numeric?: boolean }> = [
  { from: ["TargetUserName", "SubjectUserName", "User", "SourceUser", "AccountName"], to: "user.name" },
  { from: ["TargetDomainName", "SubjectDomainName"], to: "user.domain" },
  { from: ["Image", "NewProcessName", "ProcessName", "SourceImage"], to: "process.executable", same: true },
  { from: ["CommandLine"], to: "process.command_line", same: true },
  { from: ["NewProcessId", "ProcessId", "SourceProcessId"], to: "process.pid", numeric: true },
  { from: ["ParentImage", "ParentProcessName"], to: "process.parent.executable", same: true },
  { from: ["ParentCommandLine"], to: "process.parent.command_line", same: true },
  { from: ["ParentProcessId"], to: "process.parent.pid", numeric: true },
  { from: ["TargetFilename"], to: "file.path", same: true },
  { from: ["IpAddress"], to: "source.ip" },
];

const PLACEHOLDER = new Set(["", "-", "None"]);

export interface CoverageCounts {
  present: number;
  normalized: number;
}

export interface WindowsCoverage {
  events: number;
  byField: Record<string, CoverageCounts>;
  failures: Array<{ file: string; index: number; field: string; detail: string }>;
}

function expectedTime(systemTime: unknown): string | undefined {
  if (typeof systemTime !== "string") return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z?$/.exec(systemTime);
  return m ? `${m[1]}T${m[2]}.${(m[3] ?? "").slice(0, 3).padEnd(3, "0")}Z` : undefined;
}

function present(f: Record<string, unknown>, names: string[]): unknown {
  for (const name of names) {
    const v = f[name];
    if (v !== undefined && v !== null && !PLACEHOLDER.has(String(v).trim()) && !(name === "IpAddress" && !/[.:]\d/.test(String(v)))) return v;
  }
  return undefined;
}

function asNumber(value: unknown): number {
  const s = String(value);
  return s.startsWith("0x") ? Number.parseInt(s.slice(2), 16) : Number(s);
}

/** Sysmon writes "DOMAIN\\user" in User; Security events have *DomainName fields. */
function domainOf(f: Record<string, unknown>): unknown {
  const user = present(f, ["User", "SourceUser"]);
  if (typeof user === "string" && user.includes("\\")) return user.slice(0, user.indexOf("\\"));
  return present(f, ["TargetDomainName", "SubjectDomainName"]);
}

export function newCoverage(): WindowsCoverage {
  return { events: 0, byField: {}, failures: [] };
}

function count(cov: WindowsCoverage, field: string, ok: boolean, where: { file: string; index: number }, detail: string): void {
  const c = (cov.byField[field] ??= { present: 0, normalized: 0 });
  c.present++;
  if (ok) c.normalized++;
  else cov.failures.push({ ...where, field, detail });
}

export function checkWindowsEvent(cov: WindowsCoverage, raw: string, where: { file: string; index: number }): void {
  cov.events++;
  const doc: unknown = JSON.parse(raw);
  const flat = flattenWindowsEvent(doc)?.fields ?? {};
  const parsed = parseAny(raw, { tenantId: "eval", receivedAt: new Date("2030-01-01T00:00:00Z") });
  if (!parsed.ok || parsed.format !== "windows") return count(cov, "format", false, where, parsed.ok ? parsed.format : parsed.error.reason);
  const e: VigilEvent = parsed.event;
  count(cov, "format", true, where, "");
  count(cov, "@timestamp", e["@timestamp"] === expectedTime(flat.TimeCreated), where, `${e["@timestamp"]} vs ${String(flat.TimeCreated)}`);
  count(cov, "event.code", e.event.code === String(flat.EventID), where, `${e.event.code} vs ${String(flat.EventID)}`);
  count(cov, "host.name", e.host?.name === flat.Computer, where, `${e.host?.name} vs ${String(flat.Computer)}`);
  for (const check of CHECKS) {
    const source = check.to === "user.domain" ? domainOf(flat) : present(flat, check.from);
    if (source === undefined) continue;
    const value = getField(e, check.to);
    const ok = value !== undefined && (!check.same || value === source) && (!check.numeric || value === asNumber(source));
    count(cov, check.to, ok, where, `${JSON.stringify(value)} from ${JSON.stringify(source)}`);
  }
  if (!isRecord(doc)) count(cov, "object", false, where, "not an object");
}
