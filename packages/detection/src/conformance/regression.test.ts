// Runs every SigmaHQ regression folder (../shared/data/sigma/regression_data) through the naive
// matcher with the windows pipeline. A miss must be listed in KNOWN_MISSES with the reason; a new
// miss, or a known one that starts passing, fails the test so the list stays true.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RegressionResult } from "./regression";
import { regressionCases, ruleFilesById, runCase, SIGMA_ROOT } from "./regression";

/** Rule id -> why its count differs from `match_count`. */
const KNOWN_MISSES: Record<string, string> = {
  "0b9ad457-2554-44c1-82c2-d56a99c42377":
    "3 of the 5 events have a TargetFilename containing \\AppData\\Roaming\\AnyDesk\\user.conf (user.conf.new twice, user.conf~RF...TMP); match_count 1 undercounts. SigmaHQ's runner only warns when matches exceed match_count.",
  "45e112d0-7759-4c2a-aa36-9f8fb79d3393":
    "all 3 events set a ZoneMap\\Domains value to DWORD (0x00000002), which the rule's filter does not exclude; match_count 1 undercounts. SigmaHQ's runner only warns when matches exceed match_count.",
};
/** Exact passes reached; the run fails below this. */
const MIN_EXACT_PASSES = 94;

const available = existsSync(join(SIGMA_ROOT, "regression_data"));

function describeMiss(r: RegressionResult): string {
  const why = KNOWN_MISSES[r.ruleId] ?? r.reason ?? "unexplained";
  return `MISS ${r.ruleId} (${r.title})\n  rule: ${r.ruleFile ?? "?"}\n  events: ${r.eventsFile}\n  expected ${r.expected ?? "at least 1"}, got ${r.got}\n  why: ${why}`;
}

describe.skipIf(!available)("SigmaHQ regression data", () => {
  it("fires every rule exactly match_count times, except the listed misses", () => {
    const files = ruleFilesById();
    const results = regressionCases().map((c) => runCase(c, files));
    const misses = results.filter((r) => !r.pass);
    const passes = results.length - misses.length;
    console.log(`SigmaHQ regression: ${passes}/${results.length} exact (${results.filter((r) => r.pass || (r.expected !== undefined && r.got >= r.expected)).length}/${results.length} by SigmaHQ's runner rule: at least match_count)`);
    for (const m of misses) console.log(describeMiss(m));
    expect(results.length).toBeGreaterThanOrEqual(96);
    expect(passes).toBeGreaterThanOrEqual(MIN_EXACT_PASSES);
    expect(misses.map((m) => m.ruleId).sort()).toEqual(Object.keys(KNOWN_MISSES).sort());
    // The known misses overcount: the rule fires at least the expected number of times.
    for (const m of misses) expect(m.got).toBeGreaterThanOrEqual(m.expected ?? 1);
  });
});
