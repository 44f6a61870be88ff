import { describe, expect, it } from "vitest";
import { uebaAlertTitle, uebaMatch } from "./alerts";
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
