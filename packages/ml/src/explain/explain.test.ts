import { describe, expect, it } from "vitest";
import { Baselines } from "../baseline/baselines";
import { featureIndex, FEATURE_COUNT, type FeatureRow } from "../features/names";
import type { ScoredRow } from "../model/detector";
import { explain, timeOfDayExplanation } from "./explain";
import { formatBytes } from "./format";

const base = (over: Partial<Record<number, number>>, hour = 9): FeatureRow => ({
  tenantId: "t", entity: "user:bob", kind: "user", windowStart: Date.UTC(2026, 2, 2, hour), firstAt: Date.UTC(2026, 2, 2, hour, 10),
  lastAt: Date.UTC(2026, 2, 2, hour, 50), eventCount: 3, countries: ["GB"], usualMinutes: [510, 1080],
  values: Array.from({ length: FEATURE_COUNT }, (_, i) => over[i] ?? 0),
});

describe("explain", () => {
  const history = Array.from({ length: 40 }, () => base({ [featureIndex("bytesDownloaded")]: 30e6, [featureIndex("signIns")]: 1 }));
  const baselines = Baselines.fit(history);

  it("says value vs usual in plain words", () => {
    const row = base({ [featureIndex("bytesDownloaded")]: 4.2e9, [featureIndex("newIps")]: 7, [featureIndex("offHoursShare")]: 1 }, 2);
    const scored: ScoredRow = {
      row, score: 10,
      contributions: [
        { feature: featureIndex("bytesDownloaded"), error: 50, z: 9 },
        { feature: featureIndex("offHoursShare"), error: 16, z: 4 },
        { feature: featureIndex("newIps"), error: 9, z: 5 },
      ],
    };
    expect(explain(scored, baselines).map((e) => e.text)).toEqual([
      "4.2 GB downloaded vs a usual 30 MB",
      "active at 02:10 UTC vs usual 08:30 to 18:00 UTC",
      "7 new source IPs vs usually 0",
    ]);
  });

  it("gives the time of day as context only when the window started outside the usual hours", () => {
    expect(timeOfDayExplanation(base({}, 2))?.text).toBe("active at 02:10 UTC vs usual 08:30 to 18:00 UTC");
    expect(timeOfDayExplanation(base({}, 9))).toBeUndefined();
    // A span wrapping past midnight (22:00 to 06:00): 02:10 is usual, 09:10 is not.
    expect(timeOfDayExplanation({ ...base({}, 2), usualMinutes: [1320, 360] })).toBeUndefined();
    expect(timeOfDayExplanation({ ...base({}, 9), usualMinutes: [1320, 360] })?.text).toBe("active at 09:10 UTC vs usual 22:00 to 06:00 UTC");
    expect(timeOfDayExplanation({ ...base({}, 2), usualMinutes: undefined })).toBeUndefined();
  });

  it("formats sizes", () => {
    expect([formatBytes(512), formatBytes(1_500), formatBytes(30e6), formatBytes(123e9)]).toEqual(["512 B", "1.5 KB", "30 MB", "123 GB"]);
  });
});
