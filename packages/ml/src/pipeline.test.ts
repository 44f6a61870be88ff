import { beforeAll, describe, expect, it } from "vitest";
import { FeatureAccumulator } from "./features/accumulator";
import type { FeatureRow } from "./features/names";
import { initBackend } from "./model/backend";
import { Detector } from "./model/detector";
import { DetectionLane, UebaPipeline } from "./pipeline";
import { simulateTenant } from "./sim/simulate";

beforeAll(async () => {
  await initBackend(() => {});
});

describe("end to end", () => {
  it("alerts on an injected 2 a.m. bulk download within minutes, explained and tagged", async () => {
    const sim = simulateTenant({ seed: 9, users: 40, days: 28, scenarioFromDay: 24, scenariosPerKind: 1, kinds: ["bulk_theft"] });
    const trainEnd = sim.dayMs(24);
    const acc = new FeatureAccumulator({ tenantId: sim.tenantId, directory: sim.directory });
    const train: FeatureRow[] = [];
    let pipeline: UebaPipeline | undefined;
    let lane: DetectionLane | undefined;
    for (const chunk of sim.events()) {
      for (const e of chunk) {
        if (!pipeline && Date.parse(e["@timestamp"]) >= trainEnd) {
          train.push(...acc.advance(trainEnd));
          lane = new DetectionLane("ae", await Detector.train(train, { seed: 1, epochs: 4 }));
          pipeline = new UebaPipeline([{ accumulator: acc, lanes: [lane] }]);
        }
        if (pipeline) pipeline.push(e);
        else {
          acc.push(e);
          train.push(...acc.advance(Date.parse(e["@timestamp"])));
        }
      }
    }
    pipeline!.advance(Number.MAX_SAFE_INTEGER);
    const [theft] = sim.scenarios;
    const hit = lane!.alerts.find((a) => a.entity === `user:${theft!.user}`);
    expect(hit).toBeDefined();
    expect(hit!.at - theft!.start).toBeLessThanOrEqual(10 * 60_000);
    expect(hit!.attack.map((t) => t.technique)).toContain("T1048");
    expect(hit!.explanations.join("\n")).toMatch(/downloaded vs a usual|records downloaded/);
    const falseAlerts = lane!.alerts.filter((a) => a.entity !== `user:${theft!.user}`);
    expect(falseAlerts.length).toBeLessThanOrEqual(1);
  }, 30_000);
});
