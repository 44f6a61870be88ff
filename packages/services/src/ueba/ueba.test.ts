import { describe, expect, it } from "vitest";
import { mergeRecorded, UEBA_STORM_KEY, uebaAlertTitle, uebaMatch, uebaStormMatch } from "./alerts";
import { AlertBudget } from "./stream/budget";
import { UebaSink } from "./stream/sink";
import { FEATURE_NAMES } from "@vigil/ml";
import { FEATURES, riskCurve } from "./queries";
import { decayedRisk, UEBA_RULE_ID } from "./series";

const H = 3_600_000;

describe("UEBA alert match", () => {
  it("builds a deduplicable match per entity with the explanation in the title and ATT&CK tags", () => {
    const m = uebaMatch({
      entity: "user:alice", firstAt: Date.UTC(2026, 10, 27, 2, 10), at: Date.UTC(2026, 10, 27, 2, 12), risk: 10,
      explanations: ["4.2 GB downloaded vs a usual 30 MB", "active at 02:10 UTC vs usual 08:30 to 18:00 UTC", "3 new hosts vs usually 0"],
      attack: [{ tactic: "exfiltration", technique: "T1048" }, { tactic: "exfiltration", technique: "T1030" }], eventIds: ["e1", "e2"],
    });
    expect(m).toMatchObject({
      ruleId: UEBA_RULE_ID, groupKey: "user:alice", severity: "HIGH", level: "high", tactics: ["exfiltration"], techniques: ["T1048", "T1030"],
      entities: { user: ["alice"], host: [], ip: [], file: [] }, firstSeen: "2026-11-27T02:10:00.000Z", lastSeen: "2026-11-27T02:12:00.000Z",
    });
    expect(m.ruleTitle).toBe("Unusual behaviour of user alice: 4.2 GB downloaded vs a usual 30 MB; active at 02:10 UTC vs usual 08:30 to 18:00 UTC");
    expect(uebaMatch({ entity: "ip:203.0.113.9", firstAt: 0, at: 0, risk: 2.5, explanations: [], attack: [], eventIds: [] })).toMatchObject({
      severity: "MEDIUM", entities: { ip: ["203.0.113.9"], user: [] }, ruleTitle: "Unusual behaviour of ip 203.0.113.9",
    });
    expect(uebaAlertTitle("user:bob", ["x".repeat(400)])).toHaveLength(300);
  });
});

describe("UEBA alerts recorded in chunks", () => {
  const alert = (id: string, created: boolean, count = 1) => ({ id, ruleId: UEBA_RULE_ID, ruleTitle: id, severity: "MEDIUM" as const, count, created, incidentId: `i-${id}` });
  it("merges the chunks' results as one call would answer", () => {
    const merged = mergeRecorded([
      { alerts: [alert("a", true), alert("b", true)], newIncidents: [{ id: "i1", tenantId: "t", title: "one", severity: "MEDIUM" }], raisedIncidents: [
        { id: "i9", tenantId: "t", title: "old", severity: "HIGH", previousSeverity: "LOW", alertTitle: "b" },
      ], suppressed: [{ exceptionId: "x", count: 2 }] },
      { alerts: [alert("a", false, 2), alert("c", false)], newIncidents: [], raisedIncidents: [
        { id: "i1", tenantId: "t", title: "one", severity: "HIGH", previousSeverity: "MEDIUM", alertTitle: "c" },
        { id: "i9", tenantId: "t", title: "old", severity: "CRITICAL", previousSeverity: "HIGH", alertTitle: "c" },
      ], suppressed: [{ exceptionId: "x", count: 1 }, { exceptionId: "y", count: 1 }] },
    ]);
    // "a" was created by the first chunk and counted up by the second: created, latest count.
    expect(merged.alerts).toEqual([alert("a", true, 2), alert("b", true), alert("c", false)]);
    // An incident opened by one chunk and raised by a later one starts its response at the new level.
    expect(merged.newIncidents).toEqual([{ id: "i1", tenantId: "t", title: "one", severity: "HIGH" }]);
    expect(merged.raisedIncidents).toEqual([{ id: "i9", tenantId: "t", title: "old", severity: "CRITICAL", previousSeverity: "LOW", alertTitle: "c" }]);
    expect(merged.suppressed).toEqual([{ exceptionId: "x", count: 3 }, { exceptionId: "y", count: 1 }]);
    expect(mergeRecorded([])).toEqual({ alerts: [], newIncidents: [], raisedIncidents: [], suppressed: [] });
  });
});

describe("UEBA alert budget", () => {
  it("lets a burst through one by one, then refills at its rate, never past the burst", () => {
    const budget = new AlertBudget({ burst: 3, perMinute: 2 }, 0);
    expect(budget.split(["a", "b", "c", "d", "e"], 0)).toEqual({ kept: ["a", "b", "c"], past: ["d", "e"] });
    expect(budget.split(["f"], 20_000)).toEqual({ kept: [], past: ["f"] }); // 0.67 of one refilled
    expect(budget.split(["g", "h"], 60_000)).toEqual({ kept: ["g", "h"], past: [] }); // 2 by now
    expect(budget.split(["i", "j", "k", "l"], 60 * 60_000)).toEqual({ kept: ["i", "j", "k"], past: ["l"] }); // capped at the burst
    expect(budget.split([], 60 * 60_000)).toEqual({ kept: [], past: [] });
    // A clock going back refills nothing.
    expect(budget.split(["m"], 0)).toEqual({ kept: [], past: ["m"] });
  });
  it("refuses limits that are not numbers >= 0", () => {
    expect(() => new AlertBudget({ burst: -1, perMinute: 1 }, 0)).toThrow(/alertBudget.burst must be a number >= 0, got -1/);
    expect(() => new AlertBudget({ burst: 1, perMinute: Number.NaN }, 0)).toThrow(/alertBudget.perMinute/);
    // The sink refuses a bad budget when it is built, not at the first tenant's batch.
    const options = { deps: { db: {} as never }, log: { info: () => undefined, error: () => undefined }, idleTickMs: 0, warmUp: false } as const;
    expect(() => new UebaSink({ ...options, alertBudget: { burst: 5, perMinute: -2 } })).toThrow(/alertBudget.perMinute must be a number >= 0, got -2/);
    expect(() => new UebaSink({ ...options, alertBudget: { burst: "5" as unknown as number, perMinute: 1 } })).toThrow(/alertBudget.burst must be a number >= 0, got 5/);
  });
  it("folds the entities past it into one alert with no entities of its own", () => {
    const input = (entity: string, risk: number, at: number) => ({ entity, firstAt: at - 5, at, risk, explanations: [], attack: [{ tactic: "exfiltration", technique: "T1048" }], eventIds: [`e-${entity}`] });
    const m = uebaStormMatch([input("user:a", 3, 100), input("ip:10.0.0.1", 7, 50), input("host:h", 2, 200), input("user:b", 2, 10)]);
    expect(m).toMatchObject({
      ruleId: UEBA_RULE_ID, groupKey: UEBA_STORM_KEY, severity: "HIGH", level: "high", techniques: ["T1048"],
      entities: { user: [], host: [], ip: [], file: [] }, firstSeen: new Date(5).toISOString(), lastSeen: new Date(200).toISOString(),
      eventIds: ["e-user:a", "e-ip:10.0.0.1", "e-host:h", "e-user:b"],
    });
    expect(m.ruleTitle).toBe("Unusual behaviour of many entities at once, past the alert budget (user a, ip 10.0.0.1, host h, ...): see Entity risk");
    expect(uebaStormMatch([input("user:a", 2, 1)]).severity).toBe("MEDIUM");
  });
});

describe("risk curve", () => {
  it("jumps at anomalies and halves every 24 h in between, up to now", () => {
    const t0 = new Date(Date.UTC(2026, 10, 1));
    const curve = riskCurve([{ at: t0, risk: 8 }, { at: new Date(t0.getTime() + 48 * H), risk: 5 }], new Date(t0.getTime() + 72 * H));
    expect(curve[0]).toEqual({ at: t0, risk: 8 });
    expect(curve.find((p) => p.at.getTime() === t0.getTime() + 24 * H)?.risk).toBeCloseTo(4);
    expect(curve.find((p) => p.at.getTime() === t0.getTime() + 48 * H)?.risk).toBe(5);
    expect(curve.at(-1)?.risk).toBeCloseTo(2.5);
    expect(riskCurve([], new Date())).toEqual([]);
    expect(decayedRisk(4, t0, new Date(t0.getTime() - H))).toBe(4);
  });
});

describe("UEBA feature names", () => {
  it("the portal's copy of the feature list matches the model's", () => {
    expect([...FEATURES]).toEqual([...FEATURE_NAMES]);
  });
});
