import { describe, expect, it } from "vitest";
import { FEATURE_COUNT, featureIndex, type FeatureRow } from "../features/names";
import { Baselines } from "./baselines";

const BYTES = featureIndex("bytesDownloaded");
const PRIV = featureIndex("privilegedCommands");

const row = (entity: string, peer: string, bytes: number, priv = 0): FeatureRow => ({
  tenantId: "t", entity, kind: "user", peer, windowStart: 0, firstAt: 0, lastAt: 0, eventCount: 1, countries: [],
  values: Array.from({ length: FEATURE_COUNT }, (_, i) => (i === BYTES ? bytes : i === PRIV ? priv : 0)),
});

describe("Baselines", () => {
  const rows = [
    ...Array.from({ length: 30 }, (_, i) => row("user:eng", "engineering", 20e6 * (1 + (i % 3)), i % 3 === 0 ? 1 : 0)),
    ...Array.from({ length: 30 }, () => row("user:sales", "sales", 8e6)),
    ...Array.from({ length: 5 }, () => row("user:newbie", "sales", 1e9)),
  ];
  const b = Baselines.fit(rows);

  it("uses the entity's own median once it has history, its peer group's before", () => {
    expect(b.usual(row("user:eng", "engineering", 0), BYTES)).toBeCloseTo(40e6, -5);
    // five windows are not enough: the new joiner is judged against sales, not against itself
    expect(b.statsFor(row("user:newbie", "sales", 0))).toBe(b.data.peers.sales);
    expect(b.statsFor(row("user:ghost", "unknown", 0))).toBe(b.data.global);
  });

  it("gives sparse counts a finite scale and clips z-scores", () => {
    const out = new Float32Array(FEATURE_COUNT);
    b.normalizeInto(row("user:eng", "engineering", 40e6, 1), out, 0);
    expect(out[PRIV]).toBeGreaterThan(0);
    expect(out[PRIV]).toBeLessThan(3);
    b.normalizeInto(row("user:sales", "sales", 1e12, 50), out, 0);
    expect(out[BYTES]).toBe(10);
    expect(out[PRIV]).toBe(10);
  });

  it("round-trips through JSON", () => {
    const again = new Baselines(JSON.parse(JSON.stringify(b.data)));
    expect(again.normalize(rows)).toEqual(b.normalize(rows));
  });
});
