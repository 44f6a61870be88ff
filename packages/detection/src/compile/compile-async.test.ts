// compileRulesAsync: the same compiled rule set as compileRules, built in slices with the event
// loop let through in between (ingest compiles tenants' rule sets on the thread that detects).
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadRules, readRuleFiles, windowsPipeline } from "../index";
import type { SigmaRule } from "../model/types";
import { compileRules, compileRulesAsync } from "./compile";
import { Gen, prng, randomEvent, randomRuleYaml, ruleLiterals } from "./random";

const SIGMA_WINDOWS = "/work/shared/data/sigma/rules/windows";

/** Compiles both ways, counting the event-loop turns (a 0 ms interval) during the async compile. */
async function bothWays(rules: readonly SigmaRule[]) {
  let turns = 0;
  const timer = setInterval(() => turns++, 0);
  const compiled = await compileRulesAsync(rules, { pipeline: windowsPipeline }, 5);
  clearInterval(timer);
  return { sync: compileRules(rules, { pipeline: windowsPipeline }), compiled, turns };
}

describe("compileRulesAsync", () => {
  it("builds the same rule set as compileRules, letting the event loop through", async () => {
    const g = new Gen(prng(11));
    const { rules } = loadRules(Array.from({ length: 800 }, (_, i) => ({ file: `r${i}.yml`, text: randomRuleYaml(g, i) })), { placeholders: { admins: ["Admin"], hosts: ["dc-1"] } });
    const { sync, compiled, turns } = await bothWays(rules);
    expect(compiled.stats).toEqual(sync.stats);
    const literals = ruleLiterals(rules);
    const events = Array.from({ length: 1500 }, (_, n) => randomEvent(g, literals, n));
    for (const e of events) expect(compiled.match(e)).toEqual(sync.match(e));
    expect(events.filter((e) => sync.match(e).length > 0).length).toBeGreaterThan(100);
    expect(turns).toBeGreaterThan(0);
  }, 60_000);

  it.skipIf(!existsSync(SIGMA_WINDOWS))("compiles the SigmaHQ Windows rules in many slices", async () => {
    const { rules } = loadRules(readRuleFiles(SIGMA_WINDOWS));
    const { sync, compiled, turns } = await bothWays(rules);
    expect(compiled.stats).toEqual(sync.stats);
    expect(turns).toBeGreaterThan(10);
    const g = new Gen(prng(3));
    const literals = ruleLiterals(rules);
    for (let n = 0; n < 300; n++) {
      const e = randomEvent(g, literals, n);
      expect(compiled.match(e)).toEqual(sync.match(e));
    }
  }, 120_000);
});
