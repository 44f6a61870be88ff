import { describe, expect, it } from "vitest";
import type { Explanation } from "../explain/explain";
import { RiskEngine } from "./risk";

const H = 3_600_000;
const bytes: Explanation = { feature: "bytesDownloaded", value: 4.2e9, usual: 3e7, text: "4.2 GB downloaded vs a usual 30 MB" };
const failures: Explanation = { feature: "failures", value: 60, usual: 0, text: "60 failed sign-ins vs usually 0" };

describe("RiskEngine", () => {
  it("decays risk by half every half-life", () => {
    const risk = new RiskEngine({ halfLifeMs: 10 * H, threshold: 100 });
    risk.observe({ entity: "user:a", windowStart: 0, at: 0, score: 8, threshold: 2, explanations: [] });
    expect(risk.riskAt("user:a", 0)).toBeCloseTo(4);
    expect(risk.riskAt("user:a", 10 * H)).toBeCloseTo(2);
    expect(risk.riskAt("user:a", 20 * H)).toBeCloseTo(1);
    expect(risk.riskAt("user:b", 0)).toBe(0);
  });

  it("alerts on crossing the threshold, once per cooldown, with ATT&CK tags", () => {
    const risk = new RiskEngine({ halfLifeMs: 24 * H, threshold: 3, cooldownMs: 24 * H });
    expect(risk.observe({ entity: "user:a", windowStart: 0, at: 0, score: 2, threshold: 1, explanations: [failures] })).toBeUndefined();
    const alert = risk.observe({ entity: "user:a", windowStart: H, at: H, score: 2, threshold: 1, explanations: [bytes] });
    expect(alert?.risk).toBeGreaterThan(3);
    expect(alert?.explanations).toEqual([bytes.text, failures.text]);
    expect(alert?.attack.map((t) => t.technique)).toEqual(["T1048", "T1030", "T1110"]);
    expect(risk.observe({ entity: "user:a", windowStart: 2 * H, at: 2 * H, score: 5, threshold: 1, explanations: [bytes] })).toBeUndefined();
  });

  it("counts a window scored early and again at close only once", () => {
    const risk = new RiskEngine({ threshold: 100 });
    risk.observe({ entity: "user:a", windowStart: 0, at: 1000, score: 3, threshold: 1, explanations: [] });
    risk.observe({ entity: "user:a", windowStart: 0, at: 1000, score: 4, threshold: 1, explanations: [] });
    expect(risk.riskAt("user:a", 1000)).toBeCloseTo(4);
  });

  it("restores from a JSON snapshot: same risk, windows counted once, cooldown kept", () => {
    const risk = new RiskEngine({ halfLifeMs: 24 * H, threshold: 3 });
    risk.observe({ entity: "user:a", windowStart: 0, at: 0, score: 2, threshold: 1, explanations: [failures] });
    expect(risk.observe({ entity: "user:a", windowStart: H, at: H, score: 2, threshold: 1, explanations: [bytes] })).toBeDefined();
    const copy = new RiskEngine({ halfLifeMs: 24 * H, threshold: 3 }).restore(JSON.parse(JSON.stringify(risk.snapshot())) as ReturnType<RiskEngine["snapshot"]>);
    expect(copy.riskAt("user:a", 5 * H)).toBeCloseTo(risk.riskAt("user:a", 5 * H));
    copy.observe({ entity: "user:a", windowStart: H, at: 2 * H, score: 2, threshold: 1, explanations: [bytes] });
    expect(copy.riskAt("user:a", 2 * H)).toBeCloseTo(risk.riskAt("user:a", 2 * H));
    expect(copy.observe({ entity: "user:a", windowStart: 3 * H, at: 3 * H, score: 9, threshold: 1, explanations: [bytes] })).toBeUndefined();
    expect(() => copy.restore({ version: 2 } as unknown as ReturnType<RiskEngine["snapshot"]>)).toThrow(/unsupported version/);
  });
});
