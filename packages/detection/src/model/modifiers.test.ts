// The value modifiers of the Sigma modifiers appendix, with the expansions pySigma computes.
import { describe, expect, it } from "vitest";
import { loadRules, matchesRule } from "../index";
import type { SigmaRule } from "../index";
import { detectionRule, makeEvent } from "../test-support";
import { base64OffsetVariants, DASHES, windashVariants } from "./encodings";
import { parseSigmaString, plainText } from "./sigma-string";

const ev = (original: Record<string, unknown>) => makeEvent({ original });
const one = (item: string, value: string) => `  s:\n    ${item}: ${value}\n  condition: s`;
async function hits(item: string, value: string, original: Record<string, unknown>): Promise<boolean> {
  return matchesRule(await detectionRule(one(item, value)), ev(original));
}
const b64 = (s: string, enc: BufferEncoding = "utf8") => Buffer.from(s, enc).toString("base64");

describe("encoding modifiers", () => {
  it("base64offset gives pySigma's three variants", () => {
    expect(base64OffsetVariants(Buffer.from("/bin/bash"))).toEqual(["L2Jpbi9iYXNo", "9iaW4vYmFza", "vYmluL2Jhc2"]);
    expect(base64OffsetVariants(Buffer.from("foobar"))).toEqual(["Zm9vYmFy", "Zvb2Jhc", "mb29iYX"]);
  });

  it("wide|base64offset gives the UTF-16LE variants SigmaHQ writes by hand", () => {
    // proc_creation_win_powershell_base64_mppreference.yml lists these for 'Add-MpPreference '.
    expect(base64OffsetVariants(Buffer.from("Add-MpPreference ", "utf16le"))).toEqual([
      "QQBkAGQALQBNAHAAUAByAGUAZgBlAHIAZQBuAGMAZQAgA", "EAZABkAC0ATQBwAFAAcgBlAGYAZQByAGUAbgBjAGUAIA", "BAGQAZAAtAE0AcABQAHIAZQBmAGUAcgBlAG4AYwBlACAA",
    ]);
  });

  it("finds a value base64-encoded at any offset, in utf8 and utf16", async () => {
    for (const prefix of ["", "a", "ab", "abc"]) {
      expect(await hits("c|base64offset|contains", "'http://'", { c: b64(`${prefix}http://evil`) })).toBe(true);
      expect(await hits("c|wide|base64offset|contains", "'IEX'", { c: b64(`${prefix}IEX (New-Object)`, "utf16le") })).toBe(true);
      expect(await hits("c|utf16le|base64offset|contains", "'IEX'", { c: b64(`${prefix}IEX (New-Object)`, "utf16le") })).toBe(true);
    }
    expect(await hits("c|base64offset|contains", "'http://'", { c: b64("nothing here") })).toBe(false);
    expect(await hits("c|wide|base64offset|contains", "'IEX'", { c: b64("IEX (New-Object)") })).toBe(false);
  });

  it("base64 encodes the whole value; utf16be, utf16 (with BOM) and wide change the bytes", async () => {
    expect(await hits("c|base64", "'cmd'", { c: "Y21k" })).toBe(true);
    expect(await hits("c|base64|contains", "'cmd'", { c: "xxY21kxx" })).toBe(true);
    expect(await hits("c|utf16le|base64", "'cmd'", { c: b64("cmd", "utf16le") })).toBe(true);
    expect(await hits("c|utf16be|base64", "'cmd'", { c: Buffer.from([0, 0x63, 0, 0x6d, 0, 0x64]).toString("base64") })).toBe(true);
    expect(await hits("c|utf16|base64", "'cmd'", { c: Buffer.from([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]).toString("base64") })).toBe(true);
    expect(await hits("c|wide", "'ab'", { c: "a\u0000b\u0000" })).toBe(true);
  });

  it("rejects encoding a value with wildcards", () => {
    const set = loadRules([{ file: "w.yml", text: `title: t\ndetection:\n${one("c|base64", "'a*b'")}\n` }]);
    expect(set.errors[0]?.message).toMatch(/cannot be applied to a value with wildcards/);
  });
});

describe("windash", () => {
  it("expands every flag position to all five dashes (cartesian product)", () => {
    const variants = windashVariants(parseSigmaString(" -a /b")).map(plainText);
    expect(variants).toHaveLength(25);
    expect(variants).toContain(" \u2014a \u2013b");
    expect(windashVariants(parseSigmaString("a-b")).map(plainText)).toEqual(["a-b"]);
    expect(windashVariants(parseSigmaString("-enc")).map(plainText)).toEqual(DASHES.map((d) => `${d}enc`));
  });

  it("matches command lines written with any dash", async () => {
    for (const d of DASHES) expect(await hits("cmd|windash|contains", "' -enc '", { cmd: `powershell ${d}enc AAA` })).toBe(true);
    expect(await hits("cmd|windash|contains", "' -enc '", { cmd: "powershell +enc AAA" })).toBe(false);
  });
});

describe("type and generic modifiers", () => {
  it("re with i, m and s sub-modifiers", async () => {
    expect(await hits("c|re", "'^a.b$'", { c: "A\nB" })).toBe(false);
    expect(await hits("c|re|i|s", "'^a.b$'", { c: "A\nB" })).toBe(true);
    expect(await hits("c|re|m", "'^b$'", { c: "a\nb" })).toBe(true);
    expect(await hits("c|re", "'^b$'", { c: "a\nb" })).toBe(false);
  });

  it("cidr for IPv4 and IPv6", async () => {
    expect(await hits("ip|cidr", "'192.168.0.0/16'", { ip: "192.168.4.2" })).toBe(true);
    expect(await hits("ip|cidr", "'192.168.0.0/16'", { ip: "192.169.4.2" })).toBe(false);
    expect(await hits("ip|cidr", "'fe80::/10'", { ip: "fe80::1" })).toBe(true);
    expect(await hits("ip|cidr", "'fe80::/10'", { ip: "2001:db8::1" })).toBe(false);
  });

  it("exists checks presence only (null and empty values exist)", async () => {
    expect(await hits("x|exists", "true", { x: null })).toBe(true);
    expect(await hits("x|exists", "true", { x: "" })).toBe(true);
    expect(await hits("x|exists", "false", {})).toBe(true);
    expect(await hits("x|exists", "true", {})).toBe(false);
  });

  it("fieldref, alone and with startswith/contains/neq", async () => {
    expect(await hits("a|fieldref", "b", { a: "X", b: "x" })).toBe(true);
    expect(await hits("a|fieldref|startswith", "b", { a: "abc", b: "ab" })).toBe(true);
    expect(await hits("a|fieldref|contains", "b", { a: "xaby", b: "ab" })).toBe(true);
    expect(await hits("a|fieldref|neq", "b", { a: "1", b: "2" })).toBe(true);
    expect(await hits("a|fieldref|neq", "b", { a: "1", b: "1" })).toBe(false);
  });

  it("lt/lte/gt/gte/neq compare numbers; neq with a list differs from every value", async () => {
    expect(await hits("n|lte", "5", { n: 5 })).toBe(true);
    expect(await hits("n|gt", "5", { n: "5.5" })).toBe(true);
    expect(await hits("n|neq", "[1, 2]", { n: 3 })).toBe(true);
    expect(await hits("n|neq", "[1, 2]", { n: 2 })).toBe(false);
    expect(await hits("n|neq", "abc", { n: "ABC" })).toBe(false);
    expect(await hits("n|neq", "abc", {})).toBe(false);
  });

  it("time parts of a timestamp field", async () => {
    const t = { ts: "2026-11-27T23:05:00Z" };
    expect(await hits("ts|hour", "23", t)).toBe(true);
    expect(await hits("ts|minute", "5", t)).toBe(true);
    expect(await hits("ts|month", "11", t)).toBe(true);
    expect(await hits("ts|year", "2026", t)).toBe(true);
    expect(await hits("ts|day", "27", t)).toBe(true);
    expect(await hits("ts|week", "48", t)).toBe(true);
    expect(await hits("ts|hour|gte", "22", t)).toBe(true);
    expect(await hits("ts|hour|lt", "8", t)).toBe(false);
    expect(await hits("UtcTime|hour", "23", { UtcTime: "2026-11-27 23:05:00.640" })).toBe(true); // Sysmon: UTC without a zone
  });

  it("cased makes string matching case-sensitive; default is insensitive", async () => {
    expect(await hits("c", "'Foo'", { c: "fOO" })).toBe(true);
    expect(await hits("c|cased", "'Foo'", { c: "fOO" })).toBe(false);
    expect(await hits("c|cased|contains", "'Foo'", { c: "xFooy" })).toBe(true);
  });

  it("all links list values with AND", async () => {
    expect(await hits("c|contains|all", "[a, b]", { c: "xbxa" })).toBe(true);
    expect(await hits("c|contains|all", "[a, b]", { c: "xbx" })).toBe(false);
  });
});

describe("expand placeholders", () => {
  const rule = `  s:\n    Computer|expand: '%Servers%'\n    User|expand: 'CORP\\\\\\%x%Admins%'\n  condition: s`;
  it("replaces placeholders with the values of the map given at load time", async () => {
    const r = await detectionRule(rule, { Servers: ["srv*", "dc01"], Admins: ["alice"] });
    expect(matchesRule(r, ev({ Computer: "SRV-7", User: "CORP\\%xalice" }))).toBe(true);
    expect(matchesRule(r, ev({ Computer: "dc01", User: "CORP\\%xalice" }))).toBe(true);
    expect(matchesRule(r, ev({ Computer: "ws1", User: "CORP\\%xalice" }))).toBe(false);
  });

  it("rejects a rule whose placeholder has no value when asked to, saying which and where", () => {
    const set = loadRules([{ file: "p.yml", text: `title: t\ndetection:\n${rule}\n` }], { placeholders: { Servers: ["x"] }, missingPlaceholders: "reject" });
    expect(set.errors[0]).toMatchObject({ code: "placeholder", path: "detection.s.User|expand", line: 5 });
    expect(set.errors[0]?.message).toContain("placeholder %Admins% has no value");
  });

  it("by default compiles it with an empty list there and says which lists the rule waits for", () => {
    const text = `title: waits\nlogsource: {}\ndetection:\n  sel:\n    EventID: 4624\n    Computer|expand: '%Servers%'\n  known:\n    User|expand: '%Admins%'\n  condition: sel and not known\n`;
    const set = loadRules([{ file: "w.yml", text }], { placeholders: { Servers: ["srv*"] } });
    expect(set.errors).toEqual([]);
    const [r] = set.rules;
    expect(r).toMatchObject({ placeholders: ["Admins", "Servers"], unresolvedPlaceholders: ["Admins"] });
    expect(set.waiting).toEqual([{ ruleId: "waits", title: "waits", file: "w.yml", placeholders: ["Admins"] }]);
    // The empty exclusion list excludes nobody; the filled selection list still selects.
    expect(matchesRule(r as SigmaRule, ev({ EventID: 4624, Computer: "srv-1", User: "alice" }))).toBe(true);
    expect(matchesRule(r as SigmaRule, ev({ EventID: 4624, Computer: "ws-1", User: "alice" }))).toBe(false);
    // A selection made only of an empty list selects nothing.
    const none = loadRules([{ file: "n.yml", text: `title: n\nlogsource: {}\ndetection:\n  sel:\n    Computer|expand: '%DomainControllers%'\n  condition: sel\n` }]);
    expect(none.rules[0]?.unresolvedPlaceholders).toEqual(["DomainControllers"]);
    expect(matchesRule(none.rules[0] as SigmaRule, ev({ Computer: "dc01" }))).toBe(false);
  });

  it("carries a filter's unresolved placeholders to the rules it applies to", () => {
    const text = `title: base\nid: base\nlogsource: {product: windows}\ndetection:\n  sel:\n    EventID: 1\n  condition: sel\n---\ntitle: f\nlogsource: {product: windows}\nfilter:\n  rules: [base]\n  known:\n    Computer|expand: '%Workstations%'\n  condition: not known\n`;
    const set = loadRules([{ file: "f.yml", text }]);
    expect(set.rules[0]).toMatchObject({ unresolvedPlaceholders: ["Workstations"] });
    expect(matchesRule(set.rules[0] as SigmaRule, ev({ EventID: 1, Computer: "ws1" }))).toBe(true);
  });

  it("keeps %name% literal without the expand modifier", async () => {
    expect(await hits("c", "'%Servers%'", { c: "%servers%" })).toBe(true);
  });
});
