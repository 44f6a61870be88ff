// Profiling harness for the compiled backend alone (no naive run, no correlations), so a CPU
// profile shows only the per-event matching path:
//   node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx packages/detection/bench/profile-compiled.ts [--events 100000] [--passes 1]
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { RuleSource } from "../src/index";
import { compileRules, loadRules, readRuleFiles, windowsPipeline } from "../src/index";
import { buildEventMix } from "./event-mix";
import { loadWindowsEvents } from "./windows-events";

const DATA = "/work/shared/data";
const i = process.argv.indexOf("--events");
const count = i > 0 ? Number(process.argv[i + 1]) : 100_000;
const sigmaDir = join(DATA, "sigma");
const sources: RuleSource[] = readdirSync(sigmaDir).filter((d) => d.startsWith("rules")).sort().flatMap((d) => readRuleFiles(join(sigmaDir, d)));
const windows = loadRules(sources).rules.filter((r) => r.logsource.product?.toLowerCase() === "windows");
const { attack, background } = loadWindowsEvents(DATA);
const events = buildEventMix(attack, background, { count, attackShare: 0.5 });
const compiled = compileRules(windows, { pipeline: windowsPipeline });
for (const e of events.slice(0, 5000)) compiled.match(e);
const p = process.argv.indexOf("--passes");
const passes = p > 0 ? Number(process.argv[p + 1]) : 1;
let best = 0;
let matches = 0;
for (let pass = 0; pass < passes; pass++) {
  const c0 = process.cpuUsage();
  for (const e of events) matches += compiled.match(e).length;
  const c = process.cpuUsage(c0);
  const rate = Math.round(count / ((c.user + c.system) / 1e6));
  best = Math.max(best, rate);
  console.log(`pass ${pass + 1}: ${rate.toLocaleString("en-US")} ev/s (CPU time)`);
}
console.log(`${matches / passes} matches per pass, best ${best.toLocaleString("en-US")} ev/s (CPU time; the cores are shared, so the best pass is the least disturbed)`);
