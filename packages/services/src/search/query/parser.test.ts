import { describe, expect, it } from "vitest";
import { QueryError } from "./ast";
import { parseQuery } from "./parser";

const errorOf = (q: string): QueryError => {
  try {
    parseQuery(q);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error(`no error for ${q}`);
};

describe("parseQuery", () => {
  it("reads field:value, phrases, wildcards and free text", () => {
    expect(parseQuery("user.name:alice")).toMatchObject({ kind: "match", field: "user.name", value: "alice", like: null, position: 1 });
    expect(parseQuery('message:"failed password"')).toMatchObject({ field: "message", value: "failed password", phrase: true, like: null });
    expect(parseQuery("user.name:al*c?")).toMatchObject({ value: "al*c?", like: "al%c_" });
    expect(parseQuery(String.raw`file.name:100%_a\*b*`)).toMatchObject({ like: String.raw`100\%\_a*b%` });
    expect(parseQuery('"disk full"')).toMatchObject({ field: null, value: "disk full", phrase: true });
    expect(parseQuery("")).toEqual({ kind: "all" });
  });

  it("keeps colons inside values (IPv6, timestamps)", () => {
    expect(parseQuery("source.ip:fe80::1")).toMatchObject({ field: "source.ip", value: "fe80::1" });
    expect(parseQuery("@timestamp:>=2026-11-27T10:00:00Z")).toMatchObject({ kind: "range", lower: { value: "2026-11-27T10:00:00Z", inclusive: true }, upper: null });
  });

  it("parses ranges and comparisons", () => {
    expect(parseQuery("bytes:[1000 TO 5000}")).toMatchObject({
      kind: "range", field: "bytes", lower: { value: "1000", inclusive: true }, upper: { value: "5000", inclusive: false },
    });
    expect(parseQuery("bytes:{* TO 10]")).toMatchObject({ lower: null, upper: { value: "10", inclusive: true } });
    expect(parseQuery("bytes:<7")).toMatchObject({ lower: null, upper: { value: "7", inclusive: false } });
  });

  it("binds NOT tighter than AND, AND tighter than OR, and joins bare terms with AND", () => {
    const tree = parseQuery("a OR NOT b c AND d");
    expect(tree).toMatchObject({
      kind: "or",
      children: [{ kind: "match", value: "a" }, { kind: "and", children: [{ kind: "not", child: { value: "b" } }, { value: "c" }, { value: "d" }] }],
    });
    expect(parseQuery("(a OR b) c")).toMatchObject({ kind: "and", children: [{ kind: "or" }, { value: "c" }] });
    expect(parseQuery("ANDROID or")).toMatchObject({ kind: "and", children: [{ value: "ANDROID" }, { value: "or" }] });
  });

  it("says where and what is wrong", () => {
    expect(errorOf("event.outcome:failure AND user.name:").message).toBe('position 37: expected a value after "user.name:"');
    expect(errorOf("user.name: alice").message).toBe('position 11: expected a value after "user.name:"');
    expect(errorOf("(a OR b").message).toBe('position 8: missing ")" to close the "(" at position 1');
    expect(errorOf("a)").message).toBe('position 2: unexpected ")" without a matching "("');
    expect(errorOf("a AND").message).toBe('position 6: expected a term after "AND"');
    expect(errorOf("OR a").message).toBe('position 1: expected a term before "OR"');
    expect(errorOf('msg:"open').message).toMatch(/^position 5: unterminated quoted phrase/);
    expect(errorOf("bytes:[1 5]").message).toBe('position 10: expected "TO" in the range of "bytes"');
    expect(errorOf("bytes:[1 TO 5").message).toMatch(/^position 14: expected "]" or "}"/);
    expect(errorOf("()").message).toBe("position 2: empty parentheses");
  });

  it("bounds hostile input: length, term count, nesting", () => {
    expect(errorOf("a ".repeat(10_000)).message).toMatch(/at most 4096 are allowed/);
    const many = Array.from({ length: 1000 }, (_, i) => `t${i}`).join(" ");
    expect(() => parseQuery(many, { maxLength: 100_000, maxTerms: 100, maxDepth: 16 })).toThrow(/too many terms: at most 100/);
    expect(errorOf(`${"(".repeat(500)}a${")".repeat(500)}`).message).toMatch(/^position 17: nesting too deep: at most 16/);
    expect(errorOf(`${"NOT ".repeat(40)}a`).message).toMatch(/nesting too deep/);
  });
});
