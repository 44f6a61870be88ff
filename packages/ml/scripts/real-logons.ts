// Feature extraction and explanations on real logs nobody here generated: Windows Security events
// (python-evtx JSON from DeepBlueCLI) and sshd sign-ins (loghub OpenSSH).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { VigilEvent } from "@vigil/schema";
import { Detector, explain, FEATURE_NAMES, FeatureAccumulator, type FeatureRow } from "../src/index";

const DATA = join(import.meta.dirname, "../../../../shared/data");
const LOGON_IDS: Record<string, { action: string; outcome: "success" | "failure" }> = {
  "4624": { action: "logon", outcome: "success" },
  "4625": { action: "logon", outcome: "failure" },
  "4648": { action: "logon-explicit-credentials", outcome: "success" },
};

interface Evtx {
  System: { EventID: string; Channel: string; Computer: string; TimeCreated: { SystemTime: string } };
  EventData?: Record<string, string>;
}

function fromEvtx(e: Evtx, n: number): VigilEvent | undefined {
  if (e.System.Channel !== "Security") return undefined; // Application-channel IDs reuse the numbers
  const id = e.System.EventID;
  const data = e.EventData ?? {};
  const logon = LOGON_IDS[id];
  const user = (logon ? data.TargetUserName : data.SubjectUserName) ?? data.SubjectUserName;
  if (!user || user === "-") return undefined;
  const ip = data.IpAddress && data.IpAddress !== "-" ? data.IpAddress : undefined;
  return {
    id: `evtx-${n}`, "@timestamp": new Date(`${e.System.TimeCreated.SystemTime.replace(" ", "T")}Z`).toISOString(),
    event: { action: logon?.action ?? `windows-${id}`, code: id, outcome: logon?.outcome, category: logon ? "authentication" : undefined },
    user: { name: user }, host: { name: e.System.Computer }, source: ip ? { ip } : undefined,
    vigil: { receiver: "file", format: "evtx-json" }, original: { ...data }, raw: "",
  };
}

const SSHD = /^(\w{3} +\d+ [\d:]+) (\S+) sshd\[\d+\]: (Accepted|Failed) password for (?:invalid user )?(\S+) from ([\d.]+)/;

function fromSshd(line: string, n: number): VigilEvent | undefined {
  const m = SSHD.exec(line);
  if (!m) return undefined;
  const [, when, host, verdict, user, ip] = m;
  return {
    id: `sshd-${n}`, "@timestamp": new Date(`${when} 2017 UTC`).toISOString(),
    event: { action: verdict === "Accepted" ? "accepted-password" : "failed-password", category: "authentication", outcome: verdict === "Accepted" ? "success" : "failure" },
    user: { name: user! }, host: { name: host! }, source: { ip: ip! },
    vigil: { receiver: "file", format: "syslog" }, original: {}, raw: line,
  };
}

function loadEvents(): { windows: VigilEvent[]; sshd: VigilEvent[] } {
  const dir = join(DATA, "deepbluecli");
  const windows = readdirSync(dir).filter((f) => f.endsWith(".jsonl")).flatMap((f) =>
    readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean).map((l, i) => fromEvtx(JSON.parse(l) as Evtx, i)));
  const sshd = readFileSync(join(DATA, "loghub/OpenSSH/OpenSSH_2k.log"), "utf8").split("\n").map(fromSshd);
  const defined = (xs: (VigilEvent | undefined)[]): VigilEvent[] => xs.filter((x): x is VigilEvent => !!x).sort((a, b) => a["@timestamp"].localeCompare(b["@timestamp"]));
  return { windows: defined(windows), sshd: defined(sshd) };
}

function rowsOf(events: VigilEvent[]): FeatureRow[] {
  const acc = new FeatureAccumulator({ tenantId: "real", kinds: ["user", "ip"], learnEvents: 5 });
  for (const e of events) acc.push(e);
  return acc.flush();
}

const brief = (row: FeatureRow): string =>
  FEATURE_NAMES.map((n, i) => [n, row.values[i]!] as const).filter(([, v]) => v > 0).map(([n, v]) => `${n}=${Number.isInteger(v) ? v : v.toFixed(2)}`).join(" ");

async function show(label: string, events: VigilEvent[]): Promise<void> {
  const rows = rowsOf(events);
  const logons = events.filter((e) => e.event.category === "authentication").length;
  console.log(`\n${label}: ${events.length} events (${logons} sign-ins), ${rows.length} entity-hours, ${new Set(rows.map((r) => r.entity)).size} entities`);
  // Too little history for a model: the z-score scorer over each entity's own (or the global) baseline.
  const detector = await Detector.train(rows, { seed: 1, kind: "zscore", baseline: { minEntityRows: 3 } });
  const scored = detector.score(rows).sort((a, b) => b.score - a.score);
  const top = [...scored.filter((s) => s.row.kind === "user").slice(0, 3), ...scored.filter((s) => s.row.kind === "ip").slice(0, 2)];
  for (const s of top) {
    console.log(`  ${s.row.entity} ${new Date(s.row.windowStart).toISOString().slice(0, 16)}  ${brief(s.row)}`);
    for (const e of explain(s, detector.baselines)) console.log(`    - ${e.text}`);
  }
}

export async function runRealLogons(): Promise<void> {
  const { windows, sshd } = loadEvents();
  const logonIds = windows.filter((e) => e.event.code && LOGON_IDS[e.event.code]).length;
  console.log(`\nreal data: DeepBlueCLI Security events carry ${logonIds} logon events (4624/4625/4648); the files hold account changes (4720/4728/4732) and privilege use (4673/4674) instead.`);
  await show("DeepBlueCLI Windows Security events", windows);
  await show("loghub OpenSSH sshd sign-ins", sshd);
}
