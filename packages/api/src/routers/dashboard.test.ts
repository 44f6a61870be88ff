import { describe, expect, it } from "vitest";
import { histogramWindow } from "./dashboard";

describe("histogramWindow", () => {
  it("covers 24 h ending with the current hourly bucket", () => {
    const { from, to } = histogramWindow(new Date("2026-11-27T21:40:12Z"), 60);
    expect(to.toISOString()).toBe("2026-11-27T22:00:00.000Z");
    expect(from.toISOString()).toBe("2026-11-26T22:00:00.000Z");
  });

  it("aligns 15-minute buckets", () => {
    const { from, to } = histogramWindow(new Date("2026-11-27T21:40:12Z"), 15);
    expect(to.toISOString()).toBe("2026-11-27T21:45:00.000Z");
    expect((to.getTime() - from.getTime()) / (15 * 60 * 1000)).toBe(96);
  });
});
