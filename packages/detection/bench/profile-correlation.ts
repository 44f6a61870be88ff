// Profiling harness for the compiled engine with the benchmark's 100 correlation rules (as in
// detect.ts: event_count / value_count over base rules that fire on the stream), so a CPU profile
// shows only the correlation path:
//   node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx packages/detection/bench/profile-correlation.ts [--events 200000] [--batch 1000]
// (`--batch`: `process()` gets that many events per call, as the ingest pipeline calls it; default 1;
// `--repeat n`: n runs with fresh engines; `--correlation-only`: base-rule matching done before the loop.)
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { RuleSource, SigmaRule } from "../src/index";
import { compiledEngine, compileRules, DetectionEngine, loadRules, readRuleFiles, windowsPipeline } from "../src/index";
import { buildEventMix } from "./event-mix";
import { loadWindowsEvents } from "./windows-events";

const DATA = "/work/shared/data";
const i = process.argv.indexOf("--events");
const count = i > 0 ? Number(process.argv[i + 1]) : 200_000;
const b = process.argv.indexOf("--batch");
const batch = b > 0 ? Number(process.argv[b + 1]) : 1;
const sigmaDir = join(DATA, "sigma");
const sources: RuleSource[] = readdirSync(sigmaDir).filter((d) => d.startsWith("rules")).sort().flatMap((d) => readRuleFiles(join(sigmaDir, d)));
const windows = loadRules(sources).rules.filter((r) => r.logsource.product?.toLowerCase() === "windows");
const { attack, background } = loadWindowsEvents(DATA);
const events = buildEventMix(attack, background, { count, attackShare: 0.5 });
const compiled = compileRules(windows, { pipeline: windowsPipeline });
// Base rules: those firing on the stream, in first-fired order (as detect.ts picks them).
const fired = new Set<string>();
for (const e of events) for (const id of compiled.match(e)) fired.add(id);
const cpu0 = process.cpuUsage();
const byId = new Map(windows.map((r) => [r.id, r]));
const base = [...fired].map((id) => byId.get(id) as SigmaRule);
const docs = Array.from({ length: 100 }, (_, n) => {
  const rule = base[n % base.length] as SigmaRule;
  const valueCount = n % 2 === 1;
  const condition = valueCount ? "{gte: 3, field: user.name}" : `{gte: ${5 + (n % 7)}}`;
  return `title: bench correlation ${n}\nid: bench-corr-${n}\ncorrelation:\n  type: ${valueCount ? "value_count" : "event_count"}\n  rules: [${rule.id}]\n  group-by: [host.name]\n  timespan: 5m\n  condition: ${condition}\nlevel: high\n`;
});
const baseFiles = new Set(base.map((r) => r.file));
const set = loadRules([...sources.filter((s) => baseFiles.has(s.file)), { file: "bench-correlations.yml", text: docs.join("---\n") }]);
const referenced = new Set(set.correlations.flatMap((c) => c.rules));
set.rules = set.rules.filter((r) => referenced.has(r.id));
const r = process.argv.indexOf("--repeat");
const repeat = r > 0 ? Number(process.argv[r + 1]) : 1;
// Each run has a fresh engine (the first also warms the JIT): the shared cores make single runs noisy.
// With `node --expose-gc`, each run starts after a full collection (not in the middle of collecting the run before).
const collect = (globalThis as { gc?: () => void }).gc;
// `--correlation-only`: base-rule matches found before the measured loop, so it times the correlation path alone.
const correlationOnly = process.argv.includes("--correlation-only");
// The events are in time order, so the engine asks for them in order: the answers are read in turn.
const found: (readonly SigmaRule[])[] = [];
if (correlationOnly) {
  const { compiled: base } = compiledEngine(set, { pipeline: windowsPipeline });
  for (const e of events) found.push([...base.matchRules(e)]);
}
let next = 0;
const matchingRules = correlationOnly ? () => found[next++ % found.length] as readonly SigmaRule[] : undefined;
for (let run = 1; run <= repeat; run++) {
  const engine = matchingRules ? new DetectionEngine(set, { pipeline: windowsPipeline, matchingRules }) : compiledEngine(set, { pipeline: windowsPipeline }).engine;
  collect?.();
  const c0 = process.cpuUsage();
  if (run === 1) console.log(`setup ${Math.round((c0.user - cpu0.user) / 1000)} ms CPU after the base-rule pass`);
  let alerts = 0;
  for (let n = 0; n < events.length; n += batch) alerts += engine.process("bench", events.slice(n, n + batch)).filter((m) => m.kind === "correlation").length;
  const c = process.cpuUsage(c0);
  console.log(`${set.correlations.length} correlations over ${set.rules.length} base rules, ${batch} event(s) per process(): ${alerts} correlation alerts, ${Math.round(count / ((c.user + c.system) / 1e6)).toLocaleString("en-US")} ev/s (CPU time)${repeat > 1 ? ` (run ${run})` : ""}`);
}
