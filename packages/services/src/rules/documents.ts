// Rule files -> validated YAML documents. Each document is compiled by the detection package's own
// loader (the same compiler the stream uses); a document that fails is reported with its file and
// reason and not stored. Multi-document files are split on `---` lines so every rule is stored
// verbatim on its own and can be overridden or replaced by id.
import { createHash } from "node:crypto";
import type { RuleSource } from "@vigil/detection";
import { loadRules } from "@vigil/detection";
import type { RuleDocument, RuleFailure, RuleFile } from "./types";

interface Chunk {
  file: string;
  text: string;
}

/** A YAML file, not hidden and not macOS zip metadata (`.` and `..` segments are fine). */
export function isRuleFile(path: string): boolean {
  const hidden = (part: string) => (part.startsWith(".") && part !== "." && part !== "..") || part === "__MACOSX";
  return /\.ya?ml$/i.test(path) && !path.split(/[\\/]/).some(hidden);
}

function chunks(file: RuleFile): Chunk[] {
  const parts = file.text.split(/^---[ \t]*(?:#.*)?$/m).filter((part) => part.split("\n").some((line) => line.trim() !== "" && !line.trim().startsWith("#")));
  if (parts.length <= 1) return [{ file: file.path, text: file.text }];
  return parts.map((text, i) => ({ file: `${file.path}#${i + 1}`, text: text.replace(/^\r?\n/, "") }));
}

export interface PackValidation {
  documents: RuleDocument[];
  failed: RuleFailure[];
}

function reasonOf(message: string, file: string): string {
  return message.startsWith(file) ? message.slice(file.length).replace(/^:\s*/, "") : message;
}

/**
 * Validates a pack's files. `context`: documents of the levels above (already valid), so a
 * correlation may reference a rule defined there; they are compiled with the pack but never reported.
 */
export function validatePack(files: readonly RuleFile[], context: readonly RuleSource[] = []): PackValidation {
  const own = files.filter((f) => isRuleFile(f.path)).flatMap(chunks);
  const ownFiles = new Set(own.map((c) => c.file));
  const set = loadRules([...context, ...own]);
  const failedFiles = new Map<string, string>();
  for (const error of set.errors) {
    if (ownFiles.has(error.file) && !failedFiles.has(error.file)) failedFiles.set(error.file, reasonOf(error.message, error.file));
  }
  const built = new Map<string, { id: string; kind: RuleDocument["kind"]; title: string; level: RuleDocument["level"] }>();
  for (const r of [...set.rules, ...set.correlations]) if (ownFiles.has(r.file)) built.set(r.file, { id: r.id, kind: r.kind, title: r.title, level: r.level });
  for (const f of set.filters ?? []) if (ownFiles.has(f.file)) built.set(f.file, { id: f.id, kind: "filter", title: f.title, level: null });
  const documents: RuleDocument[] = [];
  const seen = new Map<string, string>();
  for (const chunk of own) {
    if (failedFiles.has(chunk.file)) continue;
    const rule = built.get(chunk.file);
    if (!rule) continue; // an empty document
    const first = seen.get(rule.id);
    if (first) {
      failedFiles.set(chunk.file, `duplicate rule id "${rule.id}" (first defined in ${first})`);
      continue;
    }
    seen.set(rule.id, chunk.file);
    documents.push({ ruleId: rule.id, kind: rule.kind, title: rule.title, level: rule.level, file: chunk.file, yaml: chunk.text });
  }
  const failed = [...failedFiles].map(([file, reason]) => ({ file, reason })).sort((a, b) => a.file.localeCompare(b.file));
  return { documents, failed };
}

/** Content hash of a pack version: its valid documents, order-independent. */
export function packHash(documents: readonly RuleDocument[]): string {
  const hash = createHash("sha256");
  for (const d of [...documents].sort((a, b) => a.ruleId.localeCompare(b.ruleId))) hash.update(`${d.ruleId}\0${d.file}\0${d.yaml}\0`);
  return hash.digest("hex");
}
