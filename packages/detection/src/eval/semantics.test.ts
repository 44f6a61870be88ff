// Cases from the Sigma rules specification: wildcards and escaping, null and empty values, lists,
// keywords, and the condition grammar's precedence.
import { describe, expect, it } from "vitest";
import { matchesRule } from "../index";
import { detectionRule, makeEvent } from "../test-support";

const ev = (original: Record<string, unknown>, raw?: string) => makeEvent({ original, ...(raw ? { raw } : {}) });
async function hits(detection: string, original: Record<string, unknown>, raw?: string): Promise<boolean> {
  return matchesRule(await detectionRule(detection), ev(original, raw));
}
const field = (value: string) => `  s:\n    f: ${value}\n  condition: s`;

describe("wildcards and escaping (spec: Escape Character)", () => {
  it.each([
    ["'prog?.exe'", "progA.exe", true],
    ["'prog?.exe'", "prog.exe", false],
    ["'antivirus_V*.exe'", "antivirus_V21.2.1.exe", true],
    ["'a\\*b'", "a*b", true],
    ["'a\\*b'", "axxb", false],
    ["'a\\?b'", "a?b", true],
    ["'C:\\Windows\\*'", "C:\\Windows\\x", false], // \* is an escaped star: literal
    ["'C:\\Windows\\*'", "C:\\Windows*", true],
    ["'C:\\Windows\\\\*'", "C:\\Windows\\system32", true], // \\* = backslash then wildcard
    ["'x\\\\\\*'", "x\\*", true], // \\\* = backslash and literal star
    ["'a\\\\\\\\b'", "a\\\\b", true], // \\\\ = two backslashes
    ["'C:\\Temp'", "C:\\Temp", true], // a lone backslash before other characters is itself
  ])("%s against %j -> %s", async (value, actual, expected) => {
    expect(await hits(field(value), { f: actual })).toBe(expected);
  });
});

describe("null, empty values and lists", () => {
  it("'' matches only an empty value; null matches a missing or null field", async () => {
    expect(await hits(field("''"), { f: "" })).toBe(true);
    expect(await hits(field("''"), {})).toBe(false);
    expect(await hits(field("''"), { f: "x" })).toBe(false);
    expect(await hits(field("null"), {})).toBe(true);
    expect(await hits(field("null"), { f: null })).toBe(true);
    expect(await hits(field("null"), { f: "x" })).toBe(false);
    expect(await hits(field("null"), { f: "" })).toBe(false);
  });

  it("spec example: selection and not filter with a null filter", async () => {
    const d = "  selection:\n    EventID: 4738\n  filter:\n    PasswordLastSet: null\n  condition: selection and not filter";
    expect(await hits(d, { EventID: 4738, PasswordLastSet: "2026-01-01" })).toBe(true);
    expect(await hits(d, { EventID: 4738 })).toBe(false);
  });

  it("a list of values is OR, a list of maps is OR of ANDs", async () => {
    const d = "  s:\n    - Image|endswith: '\\example.exe'\n    - Description|contains: 'Test executable'\n  condition: s";
    expect(await hits(d, { Image: "C:\\x\\example.exe" })).toBe(true);
    expect(await hits(d, { Description: "A Test executable!" })).toBe(true);
    expect(await hits(d, { Image: "C:\\x\\other.exe" })).toBe(false);
    expect(await hits(field("[4624, 4625]"), { f: 4625 })).toBe(true);
  });
});

describe("keywords (field-less detections)", () => {
  const kw = "  keywords:\n    - 'event::clear'\n    - 'event::drop'\n  condition: keywords";
  it("search every value of the event and the raw text", async () => {
    expect(await hits(kw, { CommandLine: "mimikatz EVENT::Clear exit" })).toBe(true);
    expect(await hits(kw, { a: { nested: ["x", "event::drop"] } })).toBe(true);
    expect(await hits(kw, {}, "line with event::clear in it")).toBe(true);
    expect(await hits(kw, { CommandLine: "benign" }, "benign")).toBe(false);
  });

  it("find backslashes that the raw JSON text escapes", async () => {
    const d = "  keywords:\n    - 'C:\\Windows\\Temp\\evil'\n  condition: keywords";
    expect(await hits(d, { path: "C:\\Windows\\Temp\\evil.exe" }, JSON.stringify({ path: "C:\\Windows\\Temp\\evil.exe" }))).toBe(true);
  });

  it("|all needs every keyword somewhere in the event", async () => {
    const d = "  keywords_cmdlet:\n    '|all':\n      - 'OabVirtualDirectory'\n      - ' -ExternalUrl '\n  condition: keywords_cmdlet";
    expect(await hits(d, { a: "Set-OabVirtualDirectory", b: "x -ExternalUrl http://" })).toBe(true);
    expect(await hits(d, { a: "Set-OabVirtualDirectory" })).toBe(false);
  });
});

describe("condition grammar", () => {
  const sels = "  a:\n    a: 1\n  b:\n    b: 1\n  c:\n    c: 1\n  _h:\n    h: 1\n";
  const cond = (c: string) => `${sels}  condition: ${c}`;
  it.each([
    // not binds tighter than and, and tighter than or
    ["not a and b", { b: 1 }, true],
    ["not a and b", { a: 1, b: 1 }, false],
    ["a or b and c", { a: 1 }, true],
    ["a or b and c", { b: 1 }, false],
    ["(a or b) and c", { a: 1 }, false],
    ["(a or b) and c", { a: 1, c: 1 }, true],
    ["not (a or b)", { c: 1 }, true],
    ["not (a or b)", { b: 1 }, false],
    ["not not a", { a: 1 }, true],
    ["1 of them", { c: 1 }, true],
    ["1 of them", { h: 1 }, false], // `them` leaves out names starting with _
    ["all of them", { a: 1, b: 1, c: 1 }, true],
    ["all of them", { a: 1, b: 1 }, false],
    ["1 of _*", { h: 1 }, true],
    ["a and not 1 of b*", { a: 1 }, true],
    ["all of a* and (b or c)", { a: 1, c: 1 }, true],
    ["a AND NOT b", { a: 1, b: 1 }, false],
  ])("%s with %j -> %s", async (condition, original, expected) => {
    expect(await hits(cond(condition), original)).toBe(expected);
  });

  it("a list of conditions is OR", async () => {
    expect(await hits(`${sels}  condition:\n    - a\n    - b`, { b: 1 })).toBe(true);
  });
});
