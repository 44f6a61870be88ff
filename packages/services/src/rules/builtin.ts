// Vigil's own rule pack (packages/detection/rules) is the implicit GLOBAL level: every tenant gets it
// with nothing configured, and nothing is seeded into the database. A GLOBAL pack imported under the
// name "vigil-builtin" replaces it; any level may disable or override its rules by id like others.
import { relative, resolve } from "node:path";
import { BUILTIN_RULES_DIR, readRuleFiles } from "@vigil/detection";
import { packHash, validatePack } from "./documents";
import type { LevelRule } from "./types";

export const BUILTIN_PACK = "vigil-builtin";

let cached: LevelRule[] | undefined;

export function builtinRules(): LevelRule[] {
  if (cached) return cached;
  const files = readRuleFiles(BUILTIN_RULES_DIR).map((s) => ({ path: `builtin/${relative(BUILTIN_RULES_DIR, resolve(s.file))}`, text: s.text }));
  const { documents, failed } = validatePack(files);
  if (failed[0]) throw new Error(`built-in rule ${failed[0].file} does not compile: ${failed[0].reason}`);
  // Version 0: not an imported version; the hash below identifies the shipped content.
  cached = documents.map((d) => ({ ...d, scope: "GLOBAL", pack: BUILTIN_PACK, packVersion: 0 }));
  return cached;
}

export function builtinHash(): string {
  return packHash(builtinRules());
}
