// A realistic Windows event stream built from real records: each event is a copy of a real
// record (Sysmon / Security / PowerShell from SigmaHQ's regression data, Security / System /
// Application from DeepBlueCLI) with varied values: hosts, users, process ids and GUIDs,
// command-line arguments, file names and hashes, and a timestamp advancing 1 ms per event.
// Each event's original fields are parsed back from its JSON text, as ingest holds them (JSON.parse
// on the HEC / bulk body, or on the event log message in the processing thread): flat strings.
// Built in place, the varied values would be rope strings (`+=`) no ingested event has, and those
// made the compiled backend's speed depend on which string shape its JIT saw first (45k or 60k
// events/s from one process to the next with identical input, 2026-11-29).
import type { VigilEvent } from "@vigil/schema";
import type { Fields } from "./windows-events";

const HEX = "0123456789ABCDEF";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MixOptions {
  count: number;
  seed?: number;
  /** Share of events copied from the regression (attack) records; the rest from DeepBlueCLI. */
  attackShare?: number;
  startMs?: number;
}

export function buildEventMix(attack: readonly Fields[], background: readonly Fields[], options: MixOptions): VigilEvent[] {
  const next = rng(options.seed ?? 42);
  const int = (n: number) => Math.floor(next() * n);
  const hex = (n: number) => Array.from({ length: n }, () => HEX[int(16)]).join("");
  const hosts = Array.from({ length: 400 }, (_, i) => `WS-${String(i).padStart(4, "0")}.corp.example.com`);
  const users = Array.from({ length: 1500 }, (_, i) => `user${i}`);
  const args = ["", " /quiet", ` -p ${int(65535)}`, " --update", ` C:\\Users\\Public\\report_${hex(4)}.docx`, " /s /q", ` -id ${hex(8)}`];
  const share = options.attackShare ?? 0.5;
  const start = options.startMs ?? Date.UTC(2026, 10, 27, 8, 0, 0);
  const out: VigilEvent[] = [];
  for (let i = 0; i < options.count; i++) {
    const pool = next() < share && attack.length > 0 ? attack : background;
    const original: Fields = { ...(pool[int(pool.length)] as Fields) };
    const host = hosts[int(hosts.length)] as string;
    const user = users[int(users.length)] as string;
    original.Computer = host;
    for (const key of ["User", "SubjectUserName", "TargetUserName"]) if (typeof original[key] === "string") original[key] = key === "User" ? `CORP\\${user}` : user;
    for (const key of ["ProcessId", "ParentProcessId"]) if (original[key] !== undefined) original[key] = 1000 + int(60000);
    for (const key of ["ProcessGuid", "ParentProcessGuid"]) if (original[key] !== undefined) original[key] = `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`;
    if (typeof original.CommandLine === "string") original.CommandLine += args[int(args.length)] as string;
    if (typeof original.Hashes === "string") original.Hashes = `SHA1=${hex(40)},MD5=${hex(32)},SHA256=${hex(64)},IMPHASH=${hex(32)}`;
    if (typeof original.TargetFilename === "string") original.TargetFilename = original.TargetFilename.replace(/([^\\]+)(\.\w+)$/, `$1_${hex(4)}$2`);
    const time = new Date(start + i).toISOString();
    original.TimeCreated_SystemTime = time;
    const raw = JSON.stringify(original);
    out.push({
      id: `bench-${i}`, "@timestamp": time, event: { code: String(original.EventID) }, host: { name: host }, user: { name: user },
      vigil: { receiver: "file" }, original: JSON.parse(raw) as Fields, raw,
    });
  }
  return out;
}
