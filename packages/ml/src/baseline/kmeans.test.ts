import { describe, expect, it } from "vitest";
import { Prng } from "../sim/prng";
import type { FeatureRow } from "../features/names";
import { FEATURE_COUNT, featureIndex } from "../features/names";
import { Baselines } from "./baselines";
import { kMeans } from "./kmeans";

describe("kMeans", () => {
  it("separates well-apart groups, reproducibly from a seed", () => {
    const prng = new Prng(3);
    const around = (c: number) => Array.from({ length: 20 }, () => [c + prng.next() * 0.5, -c + prng.next() * 0.5]);
    const points = [...around(0), ...around(10), ...around(20)];
    const a = kMeans(points, 3, new Prng(9));
    expect(kMeans(points, 3, new Prng(9))).toEqual(a);
    for (const block of [0, 20, 40]) expect(new Set(a.slice(block, block + 20)).size).toBe(1);
    expect(new Set([a[0], a[20], a[40]]).size).toBe(3);
  });

  it("copes with fewer distinct points than clusters", () => {
    expect(kMeans([[1, 1], [1, 1], [1, 1]], 3, new Prng(1))).toHaveLength(3);
    expect(kMeans([], 2, new Prng(1))).toEqual([]);
  });
});

const BYTES = featureIndex("bytesDownloaded");
const SIGN_INS = featureIndex("signIns");

function rows(entity: string, n: number, bytes: number, signIns: number): FeatureRow[] {
  return Array.from({ length: n }, (_, i) => {
    const values = new Array<number>(FEATURE_COUNT).fill(0);
    values[BYTES] = bytes * (1 + (i % 3) * 0.1);
    values[SIGN_INS] = signIns;
    return { tenantId: "t", entity, kind: "user", windowStart: i * 3_600_000, firstAt: 0, lastAt: 0, eventCount: 5, values, countries: [] };
  });
}

describe("learned peer groups", () => {
  it("gives an entity with little history the statistics of users who behave like it, when the directory says nothing", () => {
    const training = [
      ...Array.from({ length: 10 }, (_, u) => rows(`user:analyst${u}`, 40, 5e9, 2)), // heavy downloaders
      ...Array.from({ length: 10 }, (_, u) => rows(`user:clerk${u}`, 40, 1e5, 8)), // light downloaders, many sign-ins
      rows("user:analyst-new", 3, 5e9, 2),
      rows("user:clerk-new", 3, 1e5, 8),
    ].flat();
    const b = Baselines.fit(training);
    const clusters = b.data.clusters ?? {};
    expect(clusters["user:analyst-new"]).toBeDefined();
    expect(clusters["user:analyst-new"]).toBe(clusters["user:analyst0"]);
    expect(clusters["user:clerk-new"]).toBe(clusters["user:clerk0"]);
    expect(clusters["user:clerk-new"]).not.toBe(clusters["user:analyst-new"]);
    // 5 GB is usual for the new analyst (its group's), not for the new clerk.
    expect(b.usual({ entity: "user:analyst-new" }, BYTES)).toBeGreaterThan(1e9);
    expect(b.usual({ entity: "user:clerk-new" }, BYTES)).toBeLessThan(1e6);
    // A directory peer group wins over a learned one; an unknown entity gets the tenant's figures.
    const withPeer = Baselines.fit(training.map((r) => (r.entity === "user:clerk-new" ? { ...r, peer: "sales" } : r)));
    expect(withPeer.data.clusters?.["user:clerk-new"]).toBeUndefined();
    expect(b.statsFor({ entity: "user:stranger" })).toBe(b.data.global);
    expect(Baselines.fit(training).data.clusters).toEqual(clusters); // reproducible
  });
});
