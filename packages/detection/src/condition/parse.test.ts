import { describe, expect, it } from "vitest";
import { parseCondition } from "./parse";

const names = ["sel1", "sel2", "filter", "_helper", "keywords"];
const p = (c: string) => parseCondition(c, names);

describe("condition parser", () => {
  it("binds not > and > or", () => {
    expect(p("sel1 or sel2 and not filter")).toEqual({
      type: "or",
      children: [{ type: "ref", name: "sel1" }, { type: "and", children: [{ type: "ref", name: "sel2" }, { type: "not", child: { type: "ref", name: "filter" } }] }],
    });
  });

  it("honours parentheses and is case-insensitive for operators", () => {
    expect(p("(sel1 OR sel2) AND NOT filter")).toEqual({
      type: "and",
      children: [
        { type: "or", children: [{ type: "ref", name: "sel1" }, { type: "ref", name: "sel2" }] },
        { type: "not", child: { type: "ref", name: "filter" } },
      ],
    });
  });

  it("expands quantifiers", () => {
    expect(p("1 of sel*")).toEqual({ type: "of", min: 1, names: ["sel1", "sel2"] });
    expect(p("all of them")).toEqual({ type: "of", min: "all", names: ["sel1", "sel2", "filter", "keywords"] });
    expect(p("1 of them and not filter")).toMatchObject({ type: "and" });
    expect(p("any of sel?")).toEqual({ type: "of", min: 1, names: ["sel1", "sel2"] });
  });

  it.each([
    ["", "empty condition"],
    ["sel1 and", "condition ended early"],
    ["sel1 sel2", 'unexpected "sel2" at position 5'],
    ["(sel1 or sel2", "expected ')'"],
    ["nope", 'unknown selection "nope" at position 0'],
    ["1 of x*", '"x*" at position 5 matches no selection'],
    ["0 of them", 'invalid quantifier "0"'],
    ["sel1 and or sel2", 'unexpected "or"'],
    [`${"(".repeat(100)}sel1${")".repeat(100)}`, "nested deeper than 64"],
  ])("rejects %j with %s", (condition, message) => {
    expect(() => p(condition)).toThrow(message);
  });
});
