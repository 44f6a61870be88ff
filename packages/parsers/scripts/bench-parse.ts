// npm run bench:parse: parse+normalize throughput per format on one core (this process), with
// JSON.parse of the same records as the in-run baseline. Inputs are the component fixtures,
// plus the loghub and Windows shared data when present.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import type { FormatId } from "../src/index";
import { hecEventParser, parseAny, splitJsonValues } from "../src/index";
import { DATA_DIR } from "./shared-data";

const formatsDir = fileURLToPath(new URL("../src/formats/", import.meta.url));
const fixture = (path: string) => readFileSync(`${formatsDir}${path}`, "utf8").split("\n").filter(Boolean);
const shared = (path: string) => (existsSync(`${DATA_DIR}${path}`) ? readFileSync(`${DATA_DIR}${path}`, "utf8").split("\n").filter(Boolean) : []);

function regressionEvents(): string[] {
  const dir = `${DATA_DIR}sigma/regression_data`;
  if (!existsSync(dir)) return [];
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".json"));
  return files.flatMap((f) => splitJsonValues(readFileSync(`${dir}/${f}`, "utf8")).map((c) => JSON.stringify(JSON.parse(c.text))));
}

interface Case {
  name: string;
  format: FormatId | "auto";
  lines: string[];
}

const openssh = shared("loghub/OpenSSH/OpenSSH_2k.log");
const CASES: Case[] = [
  { name: "syslog RFC 5424", format: "syslog", lines: fixture("syslog/fixtures/rfc5424.log") },
  { name: "syslog RFC 3164 (loghub Linux)", format: "syslog", lines: shared("loghub/Linux/Linux_2k.log") },
  { name: "linux-auth sshd (loghub OpenSSH)", format: "syslog", lines: openssh.length ? openssh : fixture("linux/fixtures/auth.log") },
  { name: "cef", format: "cef", lines: fixture("cef/fixtures/cef.log") },
  { name: "leef", format: "leef", lines: fixture("cef/fixtures/leef.log") },
  { name: "windows evtx_dump (Sigma regression)", format: "windows", lines: regressionEvents() },
  { name: "windows python-evtx (DeepBlueCLI)", format: "windows", lines: shared("deepbluecli/many-events-application.jsonl") },
  { name: "windows 4 shapes (fixture)", format: "windows", lines: fixture("windows/fixtures/logon-4624.jsonl") },
  { name: "access-log", format: "access-log", lines: fixture("web/fixtures/access.log") },
  { name: "cloudtrail", format: "cloudtrail", lines: (JSON.parse(fixture("cloud/fixtures/cloudtrail.json").join("")) as { Records: unknown[] }).Records.map((r) => JSON.stringify(r)) },
  { name: "okta", format: "okta", lines: fixture("cloud/fixtures/okta.jsonl") },
  { name: "iptables", format: "iptables", lines: fixture("syslog/fixtures/rfc3164.log").filter((l) => l.includes(" IN=")) },
  { name: "auditd (audit.log)", format: "auditd", lines: fixture("linux/fixtures/audit.log") },
  { name: "squid (native access.log)", format: "squid", lines: fixture("web/fixtures/squid.log") },
  { name: "auto-detect (mix of all above)", format: "auto", lines: [] },
];
const mixCase = CASES[CASES.length - 1] as Case;
mixCase.lines = CASES.slice(0, -1).flatMap((c) => c.lines.slice(0, 200));

const receivedAt = new Date("2026-11-27T12:00:00Z");
const MIN_MS = 700;

/** Runs `fn` over the lines until MIN_MS have passed; returns records per second. */
function rate(lines: string[], fn: (line: string) => void): number {
  for (const l of lines.slice(0, 500)) fn(l);
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < MIN_MS) {
    for (let i = 0; i < lines.length; i++) fn(lines[i] as string);
    n += lines.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (n * 1000) / elapsed;
}

function check(c: Case): void {
  for (const line of c.lines) {
    const r = parseAny(line, { tenantId: "bench", receivedAt, format: c.format });
    if (!r.ok) throw new Error(`${c.name}: fixture line does not parse: ${r.error.reason}`);
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(11);
console.log(`CPU: ${cpus()[0]?.model ?? "unknown"} (${cpus().length} logical cores; this benchmark uses one)`);
console.log(`Node ${process.version}, ${process.platform}/${process.arch}`);
console.log(`\n${"format".padEnd(38)} ${"records".padStart(7)} ${"events/s".padStart(11)} ${"JSON.parse/s".padStart(12)} ${"ratio".padStart(6)}`);
for (const c of CASES) {
  if (c.lines.length === 0) {
    console.log(`${c.name.padEnd(38)} (no input: shared data missing)`);
    continue;
  }
  check(c);
  const parsed = rate(c.lines, (line) => void parseAny(line, { tenantId: "bench", receivedAt, format: c.format }));
  const baseline = rate(c.lines, (line) => void JSON.stringify(line.startsWith("{") ? JSON.parse(line) : { message: line }));
  console.log(`${c.name.padEnd(38)} ${String(c.lines.length).padStart(7)} ${fmt(parsed)} ${fmt(baseline).padStart(12)} ${(parsed / baseline).toFixed(2).padStart(6)}`);
}
const hecBody = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ time: 1795773600 + i, host: "web-1", sourcetype: "_json", event: { user: "alice", action: "login", outcome: i % 5 ? "success" : "failure", src_ip: "203.0.113.7" } })).join("");
const hec = rate([hecBody], (body) => void hecEventParser.parse(body, { tenantId: "bench", receivedAt })) * 1000;
console.log(`${"HEC /event batch of 1,000 (generic JSON)".padEnd(38)} ${"1000".padStart(7)} ${fmt(hec)}`);
console.log("\nratio = events/s divided by JSON.parse+stringify of the same records (JSON) or wrapping the line (text).");
