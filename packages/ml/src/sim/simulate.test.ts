import { describe, expect, it } from "vitest";
import { simulateTenant } from "./simulate";

const all = (seed: number) => {
  const sim = simulateTenant({ seed, users: 40, days: 21, scenarioFromDay: 10, scenariosPerKind: 1 });
  return { sim, events: [...sim.events()].flat() };
};

describe("simulateTenant", () => {
  it("is deterministic for a seed", () => {
    const a = all(5);
    const b = all(5);
    expect(b.events).toEqual(a.events);
    expect(b.sim.scenarios).toEqual(a.sim.scenarios);
    expect(all(6).events).not.toEqual(a.events);
  });

  it("emits events in time order with roles, weekends and labelled scenarios", () => {
    const { sim, events } = all(5);
    const times = events.map((e) => Date.parse(e["@timestamp"]));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(new Set(Object.values(sim.directory))).toEqual(new Set(["sales", "engineering", "finance", "admin"]));
    expect(sim.scenarios.map((s) => s.kind).sort()).toEqual(["bulk_theft", "credential_stuffing", "new_hosts", "priv_escalation", "slow_exfil"]);
    for (const s of sim.scenarios) {
      const labelled = events.filter((e) => e.original.label === s.id);
      expect(labelled.length).toBeGreaterThan(0);
      expect(labelled.every((e) => e.user?.name === s.user)).toBe(true);
      expect(s.start).toBe(Math.min(...labelled.map((e) => Date.parse(e["@timestamp"]))));
      expect(s.start).toBeGreaterThanOrEqual(sim.dayMs(10) - 12 * 3_600_000);
    }
    const saturdays = events.filter((e) => new Date(e["@timestamp"]).getUTCDay() === 6 && !e.original.label).length;
    expect(saturdays).toBeLessThan(events.length / 30);
  });
});
