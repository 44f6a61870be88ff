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
});
