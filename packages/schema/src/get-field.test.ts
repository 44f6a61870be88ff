import { describe, expect, it } from "vitest";
import { getField } from "./index";

describe("getField", () => {
  const doc = {
    user: { name: "alice" },
    "source.ip": "10.0.0.1",
    original: { a: { "b.c": { d: 4 } }, zero: 0, list: [1, 2] },
  };

  it("reads nested paths", () => {
    expect(getField(doc, "user.name")).toBe("alice");
    expect(getField(doc, "original.zero")).toBe(0);
    expect(getField(doc, "original.list")).toEqual([1, 2]);
  });

  it("reads flat dotted keys at any level", () => {
    expect(getField(doc, "source.ip")).toBe("10.0.0.1");
    expect(getField(doc, "original.a.b.c.d")).toBe(4);
  });

  it("returns undefined for missing paths and non-objects", () => {
    expect(getField(doc, "user.name.first")).toBeUndefined();
    expect(getField(doc, "nope")).toBeUndefined();
    expect(getField(null, "a")).toBeUndefined();
    expect(getField(doc, "")).toBeUndefined();
  });
});
