import { describe, expect, it } from "vitest";
import type { VigilEvent } from "@vigil/schema";
import { distinguishRepeats } from "./repeats";

const event = (id: string, ts = "2026-11-27T10:00:00.000Z") =>
  ({ id, "@timestamp": ts, event: {}, vigil: { receiver: "hec" }, original: {}, raw: id }) as unknown as VigilEvent;

describe("distinguishRepeats", () => {
  it("gives each repeat of an identical event its own id", () => {
    const ids = distinguishRepeats([event("a"), event("a"), event("a"), event("b")]).map((e) => e.id);
    expect(new Set(ids).size).toBe(4);
    expect(ids[0]).toBe("a");
    expect(ids[3]).toBe("b");
  });

  it("derives the same ids again for a replay of the same batch", () => {
    const batch = [event("a"), event("a"), event("b"), event("a")];
    expect(distinguishRepeats(batch).map((e) => e.id)).toEqual(distinguishRepeats(batch).map((e) => e.id));
  });

  it("leaves identical text at different times alone (the timestamp already tells them apart)", () => {
    const ids = distinguishRepeats([event("a", "2026-11-27T10:00:00.000Z"), event("a", "2026-11-27T10:00:01.000Z")]).map((e) => e.id);
    expect(ids).toEqual(["a", "a"]);
  });
});
