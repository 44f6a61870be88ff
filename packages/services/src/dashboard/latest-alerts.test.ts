import { describe, expect, it } from "vitest";
import { toEntities } from "./latest-alerts";

describe("toEntities", () => {
  it("keeps string arrays under known keys and drops the rest", () => {
    expect(toEntities({ user: ["alice", 3], ip: ["10.0.0.1"], other: ["x"], host: "nope" })).toEqual({
      user: ["alice"],
      ip: ["10.0.0.1"],
    });
  });

  it("returns an empty object for non-objects", () => {
    expect(toEntities(null)).toEqual({});
    expect(toEntities("user")).toEqual({});
  });
});
