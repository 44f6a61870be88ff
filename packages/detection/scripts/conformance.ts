// Loads every SigmaHQ rule folder given (default: /work/shared/data/sigma/rules*) and reports
// how many compile, with the most common reasons for the rest.
// Usage: node --import tsx scripts/conformance.ts [dir...]
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { VigilEvent } from "@vigil/schema";
import type { RuleSet } from "../src/index";
import { DetectionEngine, loadRules, readRuleFiles } from "../src/index";

const root = "/work/shared/data/sigma";
const dirs = process.argv.length > 2 ? process.argv.slice(2) : readdirSync(root).filter((d) => d.startsWith("rules")).map((d) => join(root, d));

let files = 0;
let rules = 0;
let failed = 0;
const reasons = new Map<string, number>();
const started = performance.now();
const all: RuleSet = { rules: [], correlations: [], silent: new Set(), errors: [] };
for (const dir of dirs) {
  const sources = readRuleFiles(dir);
  const set = loadRules(sources);
  files += sources.length;
  all.rules.push(...set.rules);
  rules += set.rules.length + set.correlations.length;
  failed += set.errors.length;
  for (const e of set.errors) {
    const key = e.reason.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, "N").slice(0, 90);
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  console.log(`${dir}: ${sources.length} files, ${set.rules.length + set.correlations.length} rules compiled, ${set.errors.length} errors`);
}
const ms = Math.round(performance.now() - started);
console.log(`TOTAL: ${rules} compiled of ${rules + failed} rule documents in ${files} files (${((100 * rules) / (rules + failed)).toFixed(1)}%), ${ms} ms`);
for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${count} x ${reason}`);

// Smoke-evaluate every compiled rule over synthetic Windows-like events (no crash, rough speed).
const sample = (i: number): VigilEvent => ({
  id: String(i), "@timestamp": new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), event: {}, vigil: { receiver: "ndjson" },
  original: { EventID: 4688, Image: `C:\\Windows\\System32\\cmd${i}.exe`, CommandLine: `cmd.exe /c whoami ${i}`, User: "CORP\\alice" },
  raw: `event ${i}`,
});
const engine = new DetectionEngine(all);
const events = Array.from({ length: 500 }, (_, i) => sample(i));
const t0 = performance.now();
const matches = engine.process("conformance", events);
const evalMs = performance.now() - t0;
console.log(`EVAL: ${all.rules.length} rules x ${events.length} events in ${Math.round(evalMs)} ms (${Math.round(events.length / (evalMs / 1000))} events/s naive), ${matches.length} matches`);
