// Property test: the compiled backend and the reference evaluator (`matchesRule`) return the
// same matching rules for every event, over the real SigmaHQ Windows rules and over random rules
// using every registered modifier. Seeded, so a failure replays; a mismatch prints the rule,
// the event and both answers.
import type { VigilEvent } from "@vigil/schema";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ProcessingPipeline } from "../index";
import { loadRules, matchesRule, MODIFIERS, readRuleFiles, windowsPipeline } from "../index";
import type { SigmaRule } from "../model/types";
import { compileRules } from "./compile";
import { Gen, prng, randomEvent, randomRuleYaml, ruleLiterals } from "./random";

const SIGMA_WINDOWS = "/work/shared/data/sigma/rules/windows";

const ROUTES: [string, number][] = [
  ["Microsoft-Windows-Sysmon/Operational", 1], ["Microsoft-Windows-Sysmon/Operational", 3], ["Microsoft-Windows-Sysmon/Operational", 7],
  ["Microsoft-Windows-Sysmon/Operational", 11], ["Microsoft-Windows-Sysmon/Operational", 13], ["Microsoft-Windows-Sysmon/Operational", 22],
  ["Security", 4688], ["Security", 4624], ["security", 4625], ["Microsoft-Windows-PowerShell/Operational", 4104], ["System", 7045], ["Application", 1000],
];

function mismatches(rules: readonly SigmaRule[], events: readonly VigilEvent[], pipeline?: ProcessingPipeline): string[] {
  const compiled = compileRules(rules, pipeline ? { pipeline } : {});
  const report: string[] = [];
  for (const event of events) {
    const naive = rules.filter((r) => (pipeline ? pipeline.admits(r, event) && matchesRule(r, event, pipeline.resolve) : matchesRule(r, event))).map((r) => r.id);
    const fast = compiled.match(event);
    if (naive.join("\n") === fast.join("\n")) continue;
    const differing = [...naive.filter((id) => !fast.includes(id)), ...fast.filter((id) => !naive.includes(id))];
    report.push(`rules ${differing.join(", ")}\n  event ${JSON.stringify(event.original)} user=${event.user?.name} message=${event.message}\n  naive ${JSON.stringify(naive)}\n  compiled ${JSON.stringify(fast)}`);
    if (report.length >= 5) break;
  }
  return report;
}

describe("compiled backend == reference evaluator", () => {
  it("on random rules using every modifier (3,000 events x 4 seeds)", () => {
    let rulesTested = 0;
    let eventsTested = 0;
    const used = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      const g = new Gen(prng(seed));
      const sources = Array.from({ length: 600 }, (_, i) => ({ file: `r${i}.yml`, text: randomRuleYaml(g, i) }));
      const { rules } = loadRules(sources, { placeholders: { admins: ["Admin", "root*"], hosts: ["dc-1"] } });
      for (const r of rules) for (const s of r.selections.values()) for (const it of s.alternatives.flat()) it.modifiers.forEach((m) => used.add(m));
      const literals = ruleLiterals(rules);
      const events = Array.from({ length: 3000 }, (_, n) => randomEvent(g, literals, n));
      expect(mismatches(rules, events)).toEqual([]);
      for (const e of events) [e.original.Channel, e.original.EventID] = g.pick(ROUTES);
      expect(mismatches(rules, events, windowsPipeline)).toEqual([]);
      rulesTested += rules.length;
      eventsTested += events.length;
    }
    expect([...MODIFIERS.keys()].filter((m) => !used.has(m))).toEqual([]);
    console.log(`random rules: ${rulesTested} rules, ${eventsTested} events, ${2 * rulesTested * 3000} rule x event cases (passthrough and windows pipeline)`);
  }, 120_000);

  it.skipIf(!existsSync(SIGMA_WINDOWS))("on the SigmaHQ Windows rules (800 events built from their values)", () => {
    const { rules } = loadRules(readRuleFiles(SIGMA_WINDOWS));
    const g = new Gen(prng(7));
    const literals = ruleLiterals(rules);
    const events = Array.from({ length: 800 }, (_, n) => randomEvent(g, literals, n));
    for (const e of events) if (g.chance(0.9)) [e.original.Channel, e.original.EventID] = g.pick(ROUTES);
    const hits = events.filter((e) => rules.some((r) => matchesRule(r, e))).length;
    expect(mismatches(rules, events)).toEqual([]);
    expect(mismatches(rules, events, windowsPipeline)).toEqual([]);
    expect(hits).toBeGreaterThan(50);
    console.log(`SigmaHQ: ${rules.length} rules, ${events.length} events (${hits} matching at least one rule), ${2 * rules.length * events.length} rule x event cases (passthrough and windows pipeline)`);
  }, 300_000);
});
