// Reads rule files from disk; the only file-system code of the package.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadOptions, RuleSet, RuleSource } from "./load";
import { loadRules } from "./load";

export function readRuleFiles(dir: string): RuleSource[] {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((path) => ({ file: relative(process.cwd(), path) || path, text: readFileSync(path, "utf8") }));
}

export function loadRuleDirectory(dir: string, options: LoadOptions = {}): RuleSet {
  return loadRules(readRuleFiles(dir), options);
}

/** Vigil's own rules shipped in this package (`packages/detection/rules`). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL("../../rules", import.meta.url));

export function loadBuiltinRules(): RuleSet {
  return loadRuleDirectory(BUILTIN_RULES_DIR, { strict: true });
}
