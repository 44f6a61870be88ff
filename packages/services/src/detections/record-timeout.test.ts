import { describe, expect, it } from "vitest";
import { recordTimeoutMs } from "./record-detections";

describe("recordTimeoutMs", () => {
  it("keeps 30 s for ordinary batches and grows with a storm's matches, so it can finish instead of failing on every retry", () => {
    expect(recordTimeoutMs(1)).toBe(30_000);
    expect(recordTimeoutMs(1_500)).toBe(30_000);
    // 5,000 alerts and incidents at ~1.3 ms each (detections.int.test.ts, "incident grouping at volume") need ~7 s: 100 s allowed.
    expect(recordTimeoutMs(5_000)).toBe(100_000);
    expect(recordTimeoutMs(20_000)).toBeGreaterThan(20_000 * 5.6 * 3);
  });
});
