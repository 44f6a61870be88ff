import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FeatureAccumulator } from "../features/accumulator";
import type { FeatureRow } from "../features/names";
import { simulateTenant } from "../sim/simulate";
import { initBackend } from "./backend";
import { Detector } from "./detector";

let rows: FeatureRow[] = [];

beforeAll(async () => {
  await initBackend(() => {});
  const sim = simulateTenant({ seed: 3, users: 30, days: 14 });
  const acc = new FeatureAccumulator({ tenantId: sim.tenantId, directory: sim.directory });
  for (const chunk of sim.events()) for (const e of chunk) acc.push(e);
  rows = acc.flush();
});

describe("Detector (autoencoder)", () => {
  it("reproduces training and scores from a seed", async () => {
    const a = await Detector.train(rows, { seed: 42, epochs: 2 });
    const b = await Detector.train(rows, { seed: 42, epochs: 2 });
    const c = await Detector.train(rows, { seed: 43, epochs: 2 });
    expect(a.threshold).toBe(b.threshold);
    expect(Array.from(a.scoreValues(rows))).toEqual(Array.from(b.scoreValues(rows)));
    expect(Array.from(a.scoreValues(rows))).not.toEqual(Array.from(c.scoreValues(rows)));
  }, 30_000);

  it("saves model.json + weights.bin and loads to identical scores", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vigil-ml-"));
    try {
      const trained = await Detector.train(rows, { seed: 7, epochs: 2, version: 3 });
      await trained.save(dir);
      const loaded = await Detector.load(dir);
      expect(loaded.meta).toEqual(trained.meta);
      expect(Array.from(loaded.scoreValues(rows))).toEqual(Array.from(trained.scoreValues(rows)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("serializes to data (a database row) and back to identical scores, refusing a foreign feature list", async () => {
    const trained = await Detector.train(rows, { seed: 7, epochs: 2, version: 4 });
    const data = JSON.parse(JSON.stringify({ ...(await trained.serialize()), model: undefined })) as Awaited<ReturnType<Detector["serialize"]>>;
    const saved = await trained.serialize();
    const loaded = await Detector.deserialize({ ...data, model: saved.model });
    expect(loaded.meta).toEqual(trained.meta);
    expect(Array.from(loaded.scoreValues(rows))).toEqual(Array.from(trained.scoreValues(rows)));
    await expect(Detector.deserialize({ ...saved, meta: { ...saved.meta, featureNames: ["x"] } })).rejects.toThrow(/saved for features x/);
    await expect(Detector.deserialize({ ...saved, model: undefined })).rejects.toThrow(/without weights/);
  }, 30_000);

  it("flags an extreme partial window early and names the cause", async () => {
    const detector = await Detector.train(rows, { seed: 7, epochs: 2 });
    const ordinary = rows.find((r) => r.entity === rows[0]!.entity && r.eventCount > 2)!;
    expect(detector.scoreWindowEarly(ordinary)).toBeUndefined();
    const extreme: FeatureRow = { ...ordinary, values: ordinary.values.map((v, i) => (i === 7 ? 4.2e9 : v)) };
    const scored = detector.scoreWindowEarly(extreme);
    expect(scored?.score).toBeGreaterThan(detector.threshold);
    expect(scored?.contributions[0]?.feature).toBe(7);
  }, 30_000);

  it("scores a small batch (plain forward pass) exactly as TensorFlow scores it in a large one", async () => {
    const trained = await Detector.train(rows, { seed: 11, epochs: 2 });
    expect(rows.length).toBeGreaterThan(300);
    const large = trained.scoreValues(rows.slice(0, 300)); // TensorFlow
    const small = trained.scoreValues(rows.slice(0, 20)); // forward pass over the weights
    for (let i = 0; i < 20; i++) expect(small[i]).toBeCloseTo(large[i]!, 5);
    expect(new Set(Array.from(small)).size).toBeGreaterThan(1);
    // After a reload the weights are read again.
    const reloaded = await Detector.deserialize(await trained.serialize());
    expect(Array.from(reloaded.scoreValues(rows.slice(0, 20)))).toEqual(Array.from(small));
  }, 30_000);
});
