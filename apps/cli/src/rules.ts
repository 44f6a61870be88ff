// Loading Sigma rules from a file or a directory, and `vigil rules check`.
import { readFileSync, statSync } from "node:fs";
import type { RuleSet, RuleSource } from "@vigil/detection";
import { loadRules, readRuleFiles } from "@vigil/detection";
import { UsageError } from "./args";

export function ruleSources(path: string): RuleSource[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`rules path not found: ${path}`);
  }
  if (stat.isFile()) return [{ file: path, text: readFileSync(path, "utf8") }];
  const sources = readRuleFiles(path);
  if (sources.length === 0) throw new UsageError(`no .yml or .yaml rule files under ${path}`);
  return sources;
}

export function loadRulePath(path: string): RuleSet {
  return loadRules(ruleSources(path));
}

export interface CheckReport {
  total: number;
  compiled: number;
  failed: { file: string; reason: string }[];
}

export function checkRules(path: string): CheckReport {
  const set = loadRulePath(path);
  const compiled = set.rules.length + set.correlations.length + (set.filters?.length ?? 0);
  const failed = set.errors.map((e) => ({ file: e.file, reason: e.message.startsWith(e.file) ? e.message.slice(e.file.length).replace(/^:\s*/, "") : e.message }));
  return { total: compiled + failed.length, compiled, failed };
}

export function printCheck(report: CheckReport, json: boolean, out: (line: string) => void): void {
  if (json) {
    out(JSON.stringify(report));
    return;
  }
  for (const f of report.failed) out(`FAIL ${f.file}: ${f.reason}`);
  const pct = report.total === 0 ? 100 : (100 * report.compiled) / report.total;
  out(`${report.compiled} of ${report.total} rules compiled (${pct.toFixed(1)}%), ${report.failed.length} failed`);
}
