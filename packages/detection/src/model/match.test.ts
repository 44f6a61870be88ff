import { describe, expect, it } from "vitest";
import { makeEvent } from "../test-support";
import { loadRules, matchesRule } from "../index";
import type { VigilEvent } from "@vigil/schema";

function rule(detection: string) {
  const set = loadRules([{ file: "t.yml", text: `title: t\nlogsource: {}\ndetection:\n${detection}` }], { strict: true });
  return set.rules[0]!;
}
const ev = (original: Record<string, unknown>, extra: Partial<VigilEvent> = {}) => makeEvent({ original, ...extra });
const m = (detection: string, e: VigilEvent) => matchesRule(rule(detection), e);

describe("value matching", () => {
  it("matches strings case-insensitively, numbers as text, lists as OR, maps as AND", () => {
    const sel = "  sel:\n    EventID: [4624, 4625]\n    TargetUserName: ALICE\n  condition: sel";
    expect(m(sel, ev({ EventID: 4625, TargetUserName: "alice" }))).toBe(true);
    expect(m(sel, ev({ EventID: "4625", TargetUserName: "alice" }))).toBe(true);
    expect(m(sel, ev({ EventID: 4625, TargetUserName: "bob" }))).toBe(false);
    expect(m(sel, ev({ EventID: 4634, TargetUserName: "alice" }))).toBe(false);
  });

  it("supports wildcards and escapes", () => {
    const sel = "  sel:\n    a: 'x*y?z'\n    b: 'lit\\*star'\n  condition: sel";
    expect(m(sel, ev({ a: "x123yQz", b: "lit*star" }))).toBe(true);
    expect(m(sel, ev({ a: "x123yQz", b: "litXstar" }))).toBe(false);
    expect(m(sel, ev({ a: "xyz", b: "lit*star" }))).toBe(false);
    expect(m("  sel:\n    p: 'C:\\Windows\\\\*'\n  condition: sel", ev({ p: "c:\\windows\\system32" }))).toBe(true);
  });

  it("supports contains, startswith, endswith and all", () => {
    expect(m("  s:\n    c|contains: conf\n  condition: s", ev({ c: "/srv/CONFidential" }))).toBe(true);
    expect(m("  s:\n    c|startswith: /srv\n  condition: s", ev({ c: "/srv/x" }))).toBe(true);
    expect(m("  s:\n    c|startswith: /srv\n  condition: s", ev({ c: "/x/srv" }))).toBe(false);
    expect(m("  s:\n    c|endswith: .xlsx\n  condition: s", ev({ c: "a.XLSX" }))).toBe(true);
    const all = "  s:\n    c|contains|all: [a, b]\n  condition: s";
    expect(m(all, ev({ c: "ab" }))).toBe(true);
    expect(m(all, ev({ c: "a" }))).toBe(false);
  });

  it("supports re (with flags), cased, cidr, exists, comparisons and null", () => {
    expect(m("  s:\n    c|re: '^a\\d+$'\n  condition: s", ev({ c: "a12" }))).toBe(true);
    expect(m("  s:\n    c|re: '^a\\d+$'\n  condition: s", ev({ c: "A12" }))).toBe(false);
    expect(m("  s:\n    c|re|i: '^a\\d+$'\n  condition: s", ev({ c: "A12" }))).toBe(true);
    expect(m("  s:\n    c|re: '(?i)^a'\n  condition: s", ev({ c: "Ab" }))).toBe(true);
    expect(m("  s:\n    c|cased: Abc\n  condition: s", ev({ c: "abc" }))).toBe(false);
    const cidr = "  s:\n    source.ip|cidr: [10.0.0.0/8, '2001:db8::/32']\n  condition: s";
    expect(m(cidr, ev({}, { source: { ip: "10.2.3.4" } }))).toBe(true);
    expect(m(cidr, ev({}, { source: { ip: "2001:db8::1" } }))).toBe(true);
    expect(m(cidr, ev({}, { source: { ip: "11.0.0.1" } }))).toBe(false);
    expect(m("  s:\n    x|exists: true\n  condition: s", ev({ x: 0 }))).toBe(true);
    expect(m("  s:\n    x|exists: false\n  condition: s", ev({ x: 0 }))).toBe(false);
    expect(m("  s:\n    n|gte: 10\n  condition: s", ev({ n: "10" }))).toBe(true);
    expect(m("  s:\n    n|lt: 10\n  condition: s", ev({ n: 10 }))).toBe(false);
    expect(m("  s:\n    n|gt: 10\n  condition: s", ev({ n: "abc" }))).toBe(false);
    expect(m("  s:\n    x: null\n  condition: s", ev({}))).toBe(true);
    expect(m("  s:\n    x: null\n  condition: s", ev({ x: "v" }))).toBe(false);
  });

  it("supports base64offset, windash and keywords", () => {
    const b64 = "  s:\n    c|base64offset|contains: http://\n  condition: s";
    for (const prefix of ["", "a", "ab"]) expect(m(b64, ev({ c: Buffer.from(`${prefix}http://evil`).toString("base64") }))).toBe(true);
    expect(m(b64, ev({ c: Buffer.from("nothing here").toString("base64") }))).toBe(false);
    const dash = "  s:\n    cmd|windash|contains: ' -enc '\n  condition: s";
    expect(m(dash, ev({ cmd: "powershell /enc AAA" }))).toBe(true);
    expect(m("  kw:\n    - 'mimikatz'\n  condition: kw", makeEvent({ raw: "running MIMIKATZ.exe now" }))).toBe(true);
    expect(m("  kw:\n    - 'mimikatz'\n  condition: kw", makeEvent({ raw: "benign" }))).toBe(false);
  });

  it("supports fieldref", () => {
    const same = "  s:\n    SubjectUserName|fieldref: TargetUserName\n  condition: s";
    expect(m(same, ev({ SubjectUserName: "bob", TargetUserName: "bob" }))).toBe(true);
    expect(m(same, ev({ SubjectUserName: "bob", TargetUserName: "eve" }))).toBe(false);
    expect(m(same, ev({ SubjectUserName: "bob" }))).toBe(false);
  });

  it("resolves fields on the normalized event first, then under original; arrays match any element", () => {
    const sel = "  s:\n    user.name: alice\n    Groups: admins\n  condition: s";
    expect(m(sel, ev({ Groups: ["users", "admins"] }, { user: { name: "alice" } }))).toBe(true);
    expect(m(sel, ev({ "user.name": "alice", Groups: "admins" }))).toBe(true);
    expect(m(sel, ev({ Groups: "admins" }))).toBe(false);
  });

  it("evaluates conditions with not, of and them", () => {
    const d = "  sel_a:\n    a: 1\n  sel_b:\n    b: 1\n  filter:\n    f: 1\n";
    expect(m(`${d}  condition: 1 of sel_* and not filter`, ev({ b: 1 }))).toBe(true);
    expect(m(`${d}  condition: 1 of sel_* and not filter`, ev({ b: 1, f: 1 }))).toBe(false);
    expect(m(`${d}  condition: all of sel_*`, ev({ a: 1 }))).toBe(false);
    expect(m(`${d}  condition: all of them`, ev({ a: 1, b: 1, f: 1 }))).toBe(true);
    expect(m(`${d}  condition: [sel_a, sel_b]`, ev({ b: 1 }))).toBe(true);
  });
});
