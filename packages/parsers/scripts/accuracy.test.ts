import { describe, expect, it } from "vitest";
import { FIELDS } from "./loghub";
import { hasSharedData, loghubSystem, windowsCoverage } from "./shared-data";

describe.skipIf(!hasSharedData())("accuracy against shared ground truth", () => {
  it.each(["Linux", "OpenSSH"])("%s: timestamp, host, process, pid and message match on at least 99 percent of lines", (system) => {
    const r = loghubSystem(system);
    expect(r.lines).toBe(2000);
    for (const f of FIELDS) {
      const matched = r.matched[f];
      if (matched === undefined) continue;
      expect(matched / r.lines, `${system} ${f}: ${JSON.stringify(r.mismatches.filter((m) => m.field === f).slice(0, 3))}`).toBeGreaterThanOrEqual(0.99);
    }
  });

  it("normalizes every Windows event's time, code, host and the user/process fields present", () => {
    const cov = windowsCoverage();
    expect(cov.events).toBeGreaterThan(2000);
    expect(cov.failures.slice(0, 5)).toEqual([]);
    expect(cov.byField["@timestamp"]?.normalized).toBe(cov.events);
    expect(cov.byField["event.code"]?.normalized).toBe(cov.events);
    expect(cov.byField["host.name"]?.normalized).toBe(cov.events);
    expect(cov.byField["process.command_line"]?.present).toBeGreaterThan(80);
  });
});
