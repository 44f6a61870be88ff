// Seeded generators for the equivalence property test (test support, not exported): random
// Sigma rules using every registered modifier, and random events built from the values rules
// look for, mutated and mixed with noise so that both hits and near-misses happen.
import type { VigilEvent } from "@vigil/schema";
import { MODIFIERS } from "../model/modifiers";
import { MANY, ONE } from "../model/sigma-string";
import type { SigmaRule } from "../model/types";

/** mulberry32: small, fast, good enough to drive property tests reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export const FIELDS = ["CommandLine", "Image", "EventID", "User", "Port", "DestinationIp", "Hashes", "ParentImage", "user.name", "Tags"];
export const WORDS = ["cmd.exe", "powershell", "-enc", "/c", "whoami", "C:\\Windows\\System32\\", "mimikatz", "10.1.2.3", "443", "4688", "Admin", "ß", "İstanbul", "ſtraße", "ΑΣ", "é", "*", "?", "\\"];
const VALUE_MODIFIERS = [...MODIFIERS.keys()];

const NUMERIC = new Set(["lt", "lte", "gt", "gte", "minute", "hour", "day", "week", "month", "year"]);

/** Values of the kind the item's modifiers expect (random types would mostly be rejected). */
function randomValue(g: Gen, mods: readonly string[]): unknown {
  if (mods.some((m) => NUMERIC.has(m))) return g.int(5000);
  if (mods.includes("exists")) return g.chance(0.5);
  if (mods.includes("cidr")) return g.pick(["10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32", "10.1.2.3"]);
  if (mods.includes("re")) return g.pick(["cmd", "a.c", "po[wW]er", "(?i)mimi", "\\d+", "^c.*e$"]);
  if (mods.includes("fieldref")) return g.pick(FIELDS);
  if (mods.includes("expand")) return `%${g.pick(["admins", "hosts", "unfilled"])}%`;
  switch (g.int(7)) {
    case 0: return g.pick([4688, 443, 1, 0]);
    case 1: return g.chance(0.1) ? null : g.chance(0.5);
    case 2: return `${g.pick(WORDS)}*${g.pick(WORDS)}`;
    case 3: return `${g.pick(WORDS)}?`;
    default: return g.pick(WORDS) + (g.chance(0.3) ? g.pick(WORDS) : "");
  }
}

function yamlScalar(v: unknown): string {
  return v === null ? "null" : typeof v === "string" ? `'${v.replace(/'/g, "''")}'` : String(v);
}

function item(g: Gen, indent: string): string {
  const field = g.chance(0.08) ? "" : g.pick(FIELDS);
  const mods = Array.from({ length: g.int(3) }, () => g.pick(VALUE_MODIFIERS));
  const values = Array.from({ length: 1 + g.int(3) }, () => randomValue(g, mods));
  const list = values.map((v) => `\n${indent}  - ${yamlScalar(v)}`).join("");
  return `${indent}'${[field, ...mods].join("|")}':${list}`;
}

function group(g: Gen, indent: string): string {
  return Array.from({ length: 1 + g.int(3) }, () => item(g, indent)).join("\n");
}

function selection(g: Gen, name: string): string {
  if (g.chance(0.1)) return `  ${name}:\n    - ${yamlScalar(g.pick(WORDS))}\n    - ${yamlScalar(g.pick(WORDS))}`;
  if (g.chance(0.8)) return `  ${name}:\n${group(g, "    ")}`;
  return `  ${name}:\n    -\n${group(g, "      ")}\n    -\n${group(g, "      ")}`;
}

function condition(g: Gen, names: string[]): string {
  const leaf = (): string => (g.chance(0.2) ? `${g.pick(["1 of", "all of"])} sel*` : g.pick(names));
  const expr = (depth: number): string => {
    if (depth > 2 || g.chance(0.4)) return (g.chance(0.2) ? "not " : "") + leaf();
    return `(${expr(depth + 1)} ${g.pick(["and", "or"])} ${g.chance(0.3) ? "not " : ""}${expr(depth + 1)})`;
  };
  return g.chance(0.15) ? "all of them" : expr(0);
}

/** One rule document as YAML text (may be invalid: modifier combinations are random). */
export function randomRuleYaml(g: Gen, id: number): string {
  const names = Array.from({ length: 1 + g.int(3) }, (_, i) => (i === 0 ? "sel" : g.pick(["sel", "filter"])) + i);
  const sels = names.map((n) => selection(g, n)).join("\n");
  const logsource = g.pick(["{product: windows}", "{product: windows, category: process_creation}", "{product: windows, service: security}", "{product: windows, category: file_event}", "{}"]);
  return `title: random ${id}\nid: r${id}\nlogsource: ${logsource}\ndetection:\n${sels}\n  condition: ${condition(g, names)}\n`;
}

/** Literal texts a rule looks for (from its string matchers), to build events that hit. */
export function ruleLiterals(rules: readonly SigmaRule[]): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const rule of rules) {
    for (const s of rule.selections.values()) {
      for (const group of s.alternatives) {
        for (const it of group) {
          for (const m of it.matchers) {
            if (m.kind !== "string" || !m.parts) continue;
            const text = m.parts.map((p) => (p === MANY ? "x" : p === ONE ? "y" : p)).join("");
            const field = it.field ?? "message";
            byField.set(field, [...(byField.get(field) ?? []), text]);
          }
        }
      }
    }
  }
  return byField;
}

function mutate(g: Gen, text: string): unknown {
  switch (g.int(7)) {
    case 0: return text.toUpperCase();
    case 1: return `${g.pick(WORDS)} ${text}`;
    case 2: return `${text}${g.pick(WORDS)}`;
    case 3: return text.slice(1);
    case 4: return /^\d+$/.test(text) ? Number(text) : text;
    case 5: return [g.pick(WORDS), text];
    default: return text;
  }
}

/** A random event: fields from the rules' literals (mutated) and noise. */
export function randomEvent(g: Gen, literals: Map<string, string[]>, n: number): VigilEvent {
  const fields = [...literals.keys()];
  const original: Record<string, unknown> = {};
  for (let i = 0; i < 1 + g.int(6); i++) {
    const field = g.chance(0.7) && fields.length > 0 ? g.pick(fields) : g.pick(FIELDS);
    const pool = literals.get(field);
    original[field] = g.chance(0.1) ? null : pool && g.chance(0.8) ? mutate(g, g.pick(pool)) : mutate(g, g.pick(WORDS));
  }
  const raw = JSON.stringify(original);
  const event: VigilEvent = { id: `e${n}`, "@timestamp": "2026-11-27T10:00:00.000Z", event: {}, vigil: { receiver: "file" }, original, raw };
  if (g.chance(0.2)) event.user = { name: g.pick(["Admin", "alice", "ADMIN"]) };
  if (g.chance(0.2)) event.message = `${g.pick(WORDS)} ${g.pick(WORDS)}`;
  return event;
}
