import { describe, expect, it } from "vitest";
import { errorPosition, rangeId, windowFor } from "./search-time";

describe("search time ranges", () => {
  it("falls back to 24 h for an unknown range and rounds the window to the second", () => {
    expect(rangeId("bogus")).toBe("24h");
    const { from, to } = windowFor("15m", Date.parse("2026-11-27T10:00:00.250Z"));
    expect([from.toISOString(), to.toISOString()]).toEqual(["2026-11-27T09:45:01.000Z", "2026-11-27T10:00:01.000Z"]);
  });

  it("reads the parser's position from its message", () => {
    expect(errorPosition('position 14: expected a value after "user.name:"')).toBe(14);
    expect(errorPosition("Internal error")).toBeNull();
  });
});
