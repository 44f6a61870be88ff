// Sigma filters (meta-rules adding exceptions): loaded with the rules and folded into them.
import { describe, expect, it } from "vitest";
import { DetectionEngine, loadRules, matchesRule } from "../index";
import { makeEvent } from "../test-support";

const rule = (id: string, name: string, category = "process_creation") =>
  `title: ${name}\nid: ${id}\nname: ${name}\nlogsource: {category: ${category}, product: windows}\ndetection:\n  sel:\n    CommandLine|contains: whoami\n  condition: sel\n`;
const filter = (rules: string, condition = "not selection", logsource = "{category: process_creation, product: windows}") =>
  `title: Filter admins\nid: f-1\nlogsource: ${logsource}\nfilter:\n  rules: ${rules}\n  selection:\n    User|startswith: 'adm_'\n  condition: ${condition}\n`;
const whoami = (user: string) => makeEvent({ original: { CommandLine: "whoami /all", User: user } });

function load(...docs: string[]) {
  return loadRules([{ file: "f.yml", text: docs.join("---\n") }]);
}

describe("Sigma filters", () => {
  it("suppress the named rule's matches on the events the filter excludes (pySigma: rule and filter condition)", () => {
    const set = load(rule("r-1", "recon"), filter("[r-1]"));
    expect(set.errors).toEqual([]);
    const r = set.rules[0]!;
    expect(r.filteredBy).toEqual(["f-1"]);
    expect(matchesRule(r, whoami("alice"))).toBe(true);
    expect(matchesRule(r, whoami("adm_bob"))).toBe(false);
    expect(matchesRule(r, makeEvent({ original: { CommandLine: "dir", User: "alice" } }))).toBe(false);
  });

  it("reference rules by name, leave other rules alone, and apply to every rule of the logsource with rules: any", () => {
    const named = load(rule("r-1", "recon"), rule("r-2", "other"), filter("[recon]"));
    expect(named.rules.map((r) => matchesRule(r, whoami("adm_x")))).toEqual([false, true]);
    const any = load(rule("r-1", "recon"), rule("r-2", "other"), filter("any"));
    expect(any.rules.map((r) => matchesRule(r, whoami("adm_x")))).toEqual([false, false]);
  });

  it("apply only when the filter's logsource covers the rule's", () => {
    const set = load(rule("r-1", "recon", "file_event"), filter("any"));
    expect(matchesRule(set.rules[0]!, whoami("adm_x"))).toBe(true);
    const product = load(rule("r-1", "recon", "file_event"), filter("any", "not selection", "{product: windows}"));
    expect(matchesRule(product.rules[0]!, whoami("adm_x"))).toBe(false);
  });

  it("keep filtered events out of correlations too", () => {
    const corr = "title: many\nid: c-1\ncorrelation:\n  type: event_count\n  rules: [recon]\n  group-by: [Computer]\n  timespan: 5m\n  condition: {gte: 2}\n";
    const set = load(rule("r-1", "recon"), filter("[recon]"), corr);
    const engine = new DetectionEngine(set);
    const ev = (user: string, i: number) => makeEvent({ "@timestamp": `2026-11-27T10:00:0${i}.000Z`, original: { CommandLine: "whoami", User: user, Computer: "h1" } });
    expect(engine.process("t", [ev("adm_1", 1), ev("adm_2", 2)])).toEqual([]);
    expect(engine.process("t", [ev("alice", 3), ev("bob", 4)])).toHaveLength(1);
  });

  it("report unknown rule references and malformed filters with file and place", () => {
    const unknown = load(rule("r-1", "recon"), filter("[nope]"));
    expect(unknown.errors.map((e) => e.message)).toEqual(['f.yml: filter.rules: unknown rule "nope" (filter applies to the others)']);
    const bad = loadRules([{ file: "b.yml", text: "title: x\nlogsource: {product: windows}\nfilter:\n  rules: [a]\n  selection: {a: 1}\n" }]);
    expect(bad.errors[0]?.message).toBe("b.yml:4:3: filter.condition: a filter needs exactly one condition string");
    const nols = loadRules([{ file: "c.yml", text: "title: x\nfilter:\n  rules: [a]\n  selection: {a: 1}\n  condition: selection\n" }]);
    expect(nols.errors[0]?.message).toMatch(/^c\.yml:1:1: logsource: a filter needs a "logsource" map/);
  });
});
