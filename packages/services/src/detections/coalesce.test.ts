import type { DetectionMatch } from "@vigil/detection";
import { describe, expect, it } from "vitest";
import { coalesceMatches } from "./coalesce";

const m = (ruleId: string, groupKey: string, minute: number, id: string): DetectionMatch => {
  const t = new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
  return {
    kind: "event", ruleId, ruleTitle: ruleId, level: "low", severity: "LOW", tactics: [], techniques: [], groupKey,
    firstSeen: t, lastSeen: t, eventIds: [id], entities: { user: [groupKey], host: [], ip: [], file: [] },
  };
};

describe("coalesceMatches", () => {
  it("folds repeats of one rule and group within the window, keeping order", () => {
    const out = coalesceMatches([m("r", "a", 0, "1"), m("r", "b", 1, "2"), m("r", "a", 5, "3"), m("q", "a", 6, "4"), m("r", "a", 30, "5")], 15 * 60_000);
    expect(out.map((c) => [c.match.ruleId, c.match.groupKey, c.times, c.match.eventIds])).toEqual([
      ["r", "a", 2, ["1", "3"]],
      ["r", "b", 1, ["2"]],
      ["q", "a", 1, ["4"]],
      ["r", "a", 1, ["5"]],
    ]);
    expect(out[0]!.match.lastSeen).toBe("2026-01-01T00:05:00.000Z");
  });

  it("folds 10,000 matches of 100 event ids each in linear time, entities capped at 20 per kind", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      ...m("r", "a", 0, "x"), eventIds: Array.from({ length: 100 }, (_, k) => `e${i + k}`), entities: { user: [`u${i % 50}`], host: ["h"], ip: [], file: [] },
    }));
    const t0 = performance.now();
    const [folded, ...rest] = coalesceMatches(many, 15 * 60_000);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(rest).toEqual([]);
    expect(folded!.times).toBe(10_000);
    expect(folded!.match.eventIds).toHaveLength(10_099);
    expect(folded!.match.eventIds.slice(0, 2)).toEqual(["e0", "e1"]);
    expect(folded!.match.entities).toEqual({ user: Array.from({ length: 20 }, (_, i) => `u${i}`), host: ["h"], ip: [], file: [] });
  });
});
