// Loads every SigmaHQ rule folder given (default: /work/shared/data/sigma/rules*) and reports
// how many compile, with the most common reasons for the rest, then runs the SigmaHQ regression
// data. Placeholders (`|expand`) are named lists: values from `--placeholders map.json`
// ({"Name": ["value", ...]}), as a tenant's lists in the product; a placeholder without values is an
// empty list (the rule compiles, that part matches nothing, and the rule is reported as waiting
// for the list). `--reject-placeholders` rejects those rules instead (the spec's choice for a tool
// that has no lists).
// Usage: node --import tsx scripts/conformance.ts [--placeholders map.json] [--reject-placeholders] [dir...]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { VigilEvent } from "@vigil/schema";
import { regressionCases, ruleFilesById, runCase, SIGMA_ROOT } from "../src/conformance/regression";
import type { RuleSet } from "../src/index";
import { DetectionEngine, loadRules, readRuleFiles } from "../src/index";

const args = process.argv.slice(2);
const mapAt = args.indexOf("--placeholders");
const placeholders = mapAt >= 0 ? (JSON.parse(readFileSync(args[mapAt + 1] as string, "utf8")) as Record<string, string[]>) : {};
const missingPlaceholders = args.includes("--reject-placeholders") ? "reject" : "empty";
const given = args.filter((a, i) => i !== mapAt && i !== mapAt + 1 && a !== "--reject-placeholders");
const dirs = given.length > 0 ? given : readdirSync(SIGMA_ROOT).filter((d) => d.startsWith("rules")).map((d) => join(SIGMA_ROOT, d));

let files = 0;
let rules = 0;
let failed = 0;
const reasons = new Map<string, number>();
const started = performance.now();
const all: RuleSet = { rules: [], correlations: [], silent: new Set(), errors: [] };
const waiting = new Map<string, number>();
let waitingRules = 0;
const missing = missingPlaceholders === "reject" ? "rejected" : "empty lists";
console.log(`placeholders: ${Object.keys(placeholders).length === 0 ? "none given" : Object.keys(placeholders).join(", ")}; the others: ${missing}`);
for (const dir of dirs) {
  const sources = readRuleFiles(dir);
  const set = loadRules(sources, { placeholders, missingPlaceholders });
  waitingRules += set.waiting?.length ?? 0;
  for (const name of set.waiting?.flatMap((w) => w.placeholders) ?? []) waiting.set(name, (waiting.get(name) ?? 0) + 1);
  files += sources.length;
  all.rules.push(...set.rules);
  rules += set.rules.length + set.correlations.length + (set.filters?.length ?? 0);
  failed += set.errors.length;
  for (const e of set.errors) {
    const key = (e.code === "placeholder" ? e.reason : e.reason.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, "N")).slice(0, 90);
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  console.log(`${dir}: ${sources.length} files, ${set.rules.length + set.correlations.length} rules compiled, ${set.errors.length} errors`);
}
const ms = Math.round(performance.now() - started);
console.log(`TOTAL: ${rules} compiled of ${rules + failed} rule documents in ${files} files (${((100 * rules) / (rules + failed)).toFixed(1)}%), ${ms} ms`);
for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${count} x ${reason}`);
if (waitingRules > 0) {
  console.log(`WAITING: ${waitingRules} compiled rules use placeholders with no values (empty lists: those parts match nothing until a tenant fills the list):`);
  console.log(`  ${[...waiting].sort((a, b) => b[1] - a[1]).map(([name, n]) => `%${name}% (${n})`).join(", ")}`);
}

const byId = ruleFilesById();
const results = regressionCases().map((c) => runCase(c, byId));
const exact = results.filter((r) => r.pass).length;
const atLeast = results.filter((r) => r.pass || (r.expected !== undefined && r.got >= r.expected)).length;
console.log(`REGRESSION: ${exact}/${results.length} exact match_count, ${atLeast}/${results.length} at least match_count (SigmaHQ runner rule)`);
for (const r of results.filter((x) => !x.pass)) console.log(`  ${r.ruleId} ${r.ruleFile ?? ""}: ${r.reason ?? ""}`);

// Smoke-evaluate every compiled rule over synthetic Windows-like events (no crash, rough speed).
const sample = (i: number): VigilEvent => ({
  id: String(i), "@timestamp": new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), event: {}, vigil: { receiver: "ndjson" },
  original: { EventID: 4688, Image: `C:\\Windows\\System32\\cmd${i}.exe`, CommandLine: `cmd.exe /c whoami ${i}`, User: "CORP\\alice" },
  raw: `event ${i}`,
});
const engine = new DetectionEngine(all);
const events = Array.from({ length: 200 }, (_, i) => sample(i));
const t0 = performance.now();
const matches = engine.process("conformance", events);
const evalMs = performance.now() - t0;
console.log(`EVAL: ${all.rules.length} rules x ${events.length} events in ${Math.round(evalMs)} ms (${Math.round(events.length / (evalMs / 1000))} events/s naive), ${matches.length} matches`);
