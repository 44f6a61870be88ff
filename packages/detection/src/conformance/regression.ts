// SigmaHQ regression data (regression_data/**/info.yml + evtx_dump-shaped JSON events): loads the
// referenced rule, runs it through the windows pipeline over the flattened events and compares
// the number of matches with `match_count` (absent: at least one, as SigmaHQ's runner does).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { matchesRule } from "../eval/match";
import { loadRules } from "../load/load";
import { evtxEvent, parseJsonRecords } from "../pipeline/evtx";
import { windowsPipeline } from "../pipeline/pipeline";

export const SIGMA_ROOT = "/work/shared/data/sigma";

export interface RegressionCase {
  folder: string;
  ruleId: string;
  title: string;
  /** Expected matches; undefined = at least one. */
  expected: number | undefined;
  eventsFile: string;
}

export interface RegressionResult extends RegressionCase {
  ruleFile?: string;
  got: number;
  pass: boolean;
  reason?: string;
}

function walk(dir: string, name: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === name)
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export function regressionCases(root = SIGMA_ROOT): RegressionCase[] {
  return walk(join(root, "regression_data"), "info.yml").flatMap((info) => {
    const doc = parse(readFileSync(info, "utf8")) as { rule_metadata?: { id: string; title?: string }[]; regression_tests_info?: { match_count?: number; path?: string }[] };
    const meta = doc.rule_metadata?.[0];
    const folder = dirname(info);
    return (doc.regression_tests_info ?? []).map((t) => ({
      folder, ruleId: meta?.id ?? "", title: meta?.title ?? "", expected: t.match_count,
      eventsFile: join(folder, `${(t.path ?? "").split("/").pop()?.replace(/\.evtx$/, "") ?? ""}.json`),
    }));
  });
}

/** Rule id -> rule file, over every rules* folder. */
export function ruleFilesById(root = SIGMA_ROOT): Map<string, string> {
  const byId = new Map<string, string>();
  for (const dir of readdirSync(root).filter((d) => d.startsWith("rules"))) {
    for (const file of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!file.isFile() || !file.name.endsWith(".yml")) continue;
      const path = join(file.parentPath, file.name);
      const id = /^id:\s*['"]?([0-9a-fA-F-]{36})/m.exec(readFileSync(path, "utf8"))?.[1];
      if (id) byId.set(id, path);
    }
  }
  return byId;
}

export function runCase(c: RegressionCase, files: ReadonlyMap<string, string>): RegressionResult {
  const ruleFile = files.get(c.ruleId);
  const fail = (reason: string, got = 0): RegressionResult => ({ ...c, ...(ruleFile ? { ruleFile } : {}), got, pass: false, reason });
  if (!ruleFile) return fail("rule id not found in any rules* folder");
  if (!existsSync(c.eventsFile)) return fail(`events file missing: ${c.eventsFile}`);
  const set = loadRules([{ file: ruleFile, text: readFileSync(ruleFile, "utf8") }]);
  const rule = set.rules.find((r) => r.id === c.ruleId);
  if (!rule) return fail(`rule does not load: ${set.errors.map((e) => e.message).join("; ") || "not a detection rule"}`);
  const events = parseJsonRecords(readFileSync(c.eventsFile, "utf8")).map(evtxEvent);
  const got = events.filter((e) => windowsPipeline.admits(rule, e) && matchesRule(rule, e, windowsPipeline.resolve)).length;
  const pass = c.expected === undefined ? got > 0 : got === c.expected;
  return { ...c, ruleFile, got, pass, ...(pass ? {} : { reason: `expected ${c.expected ?? "at least 1"}, got ${got} of ${events.length} events` }) };
}
