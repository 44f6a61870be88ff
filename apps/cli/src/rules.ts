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

/** Named lists for `|expand` placeholders: a JSON file `{"Name": ["value", ...]}` (`--lists`). */
export type NamedLists = Record<string, string[]>;

export function readLists(path: string | undefined): NamedLists {
  if (path === undefined) return {};
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--lists ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new UsageError(`--lists ${path}: must be a JSON object {"Name": ["value", ...]}`);
  const lists: NamedLists = {};
  for (const [name, values] of Object.entries(data)) {
    const list = typeof values === "string" ? [values] : values;
    if (!Array.isArray(list) || !list.every((v) => typeof v === "string")) throw new UsageError(`--lists ${path}: "${name}" must be a string or a list of strings`);
    lists[name] = list as string[];
  }
  return lists;
}

export function loadRulePath(path: string, lists: NamedLists = {}): RuleSet {
  return loadRules(ruleSources(path), { placeholders: lists });
}

export interface CheckReport {
  total: number;
  compiled: number;
  failed: { file: string; reason: string }[];
  /** Compiled rules with placeholders that have no values (empty lists until given with --lists). */
  waiting: { file: string; rule: string; lists: string[] }[];
}

export function checkRules(path: string, lists: NamedLists = {}): CheckReport {
  const set = loadRulePath(path, lists);
  const compiled = set.rules.length + set.correlations.length + (set.filters?.length ?? 0);
  const failed = set.errors.map((e) => ({ file: e.file, reason: e.message.startsWith(e.file) ? e.message.slice(e.file.length).replace(/^:\s*/, "") : e.message }));
  const waiting = (set.waiting ?? []).map((w) => ({ file: w.file, rule: w.title, lists: w.placeholders }));
  return { total: compiled + failed.length, compiled, failed, waiting };
}

/** One line for stderr when rules wait for lists, or nothing. */
export function waitingWarning(set: RuleSet): string | undefined {
  const waiting = set.waiting ?? [];
  if (waiting.length === 0) return undefined;
  const names = [...new Set(waiting.flatMap((w) => w.placeholders))].sort().map((n) => `%${n}%`);
  return `warning: ${waiting.length} rules use lists with no values (${names.join(", ")}): those parts match nothing; give them with --lists lists.json`;
}

export function printCheck(report: CheckReport, json: boolean, out: (line: string) => void): void {
  if (json) {
    out(JSON.stringify(report));
    return;
  }
  for (const f of report.failed) out(`FAIL ${f.file}: ${f.reason}`);
  for (const w of report.waiting) out(`WAIT ${w.file}: "${w.rule}" uses ${w.lists.map((l) => `%${l}%`).join(", ")} with no values (empty lists match nothing; give them with --lists)`);
  const pct = report.total === 0 ? 100 : (100 * report.compiled) / report.total;
  const waits = report.waiting.length > 0 ? `, ${report.waiting.length} of them waiting for lists` : "";
  out(`${report.compiled} of ${report.total} rules compiled (${pct.toFixed(1)}%)${waits}, ${report.failed.length} failed`);
}
