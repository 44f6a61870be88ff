import { describe, expect, it } from "vitest";
import { loadRules, loadRulesAsync, SigmaRuleError } from "../index";

const good = "title: ok\nid: r1\nlogsource: {product: linux}\ndetection:\n  sel:\n    a: 1\n  condition: sel\nlevel: high\ntags: [attack.credential_access, attack.t1110.001, attack.g0016]\n";

describe("rule loading", () => {
  it("builds the rule model", () => {
    const { rules, errors } = loadRules([{ file: "ok.yml", text: good }]);
    expect(errors).toEqual([]);
    expect(rules[0]).toMatchObject({
      id: "r1", title: "ok", level: "high", severity: "HIGH", file: "ok.yml", logsource: { product: "linux" },
      tactics: ["credential-access"], techniques: ["T1110.001"],
    });
  });

  it("collects every bad rule with file, line and YAML path", () => {
    const bad = [
      { file: "mod.yml", text: "title: x\ndetection:\n  sel:\n    a|nope: 1\n  condition: sel\n" },
      { file: "cond.yml", text: "title: x\ndetection:\n  sel:\n    a: 1\n  condition: sel and\n" },
      { file: "yaml.yml", text: "title: [unclosed\n" },
      { file: "notitle.yml", text: "detection:\n  sel: {a: 1}\n  condition: sel\n" },
      { file: "re.yml", text: "title: x\ndetection:\n  sel:\n    a|re: '('\n  condition: sel\n" },
      { file: "ok.yml", text: good },
    ];
    const { rules, errors } = loadRules(bad);
    expect(rules.map((r) => r.id)).toEqual(["r1"]);
    expect(errors.map((e) => e.message)).toEqual([
      'mod.yml:4:13: detection.sel.a|nope: unknown modifier "nope"',
      "cond.yml:5:14: detection.condition: condition ended early: expected a selection name, 'not', 'N of' or '('",
      expect.stringMatching(/^yaml\.yml:\d+:\d+: /),
      'notitle.yml:1:1: missing "title"',
      expect.stringMatching(/^re\.yml:4:11: detection\.sel\.a\|re: Invalid regular expression/),
    ]);
    expect(errors[0]).toBeInstanceOf(SigmaRuleError);
    expect(errors[0]).toMatchObject({ file: "mod.yml", line: 4, path: "detection.sel.a|nope" });
  });

  it("throws the first error in strict mode", () => {
    expect(() => loadRules([{ file: "b.yml", text: "title: x\ndetection: 3\n" }], { strict: true })).toThrow(
      'b.yml:2:12: detection: "detection" must be a map',
    );
  });

  it("links correlations to base rules by name or id and reports unknown ones", () => {
    const corr = (ref: string) =>
      `title: c\ncorrelation:\n  type: event_count\n  rules: [${ref}]\n  group-by: [user.name]\n  timespan: 5m\n  condition: {gte: 3}\n`;
    const ok = loadRules([{ file: "a.yml", text: `${good}---\n${corr("r1")}` }]);
    expect(ok.correlations[0]).toMatchObject({ rules: ["r1"], timespanMs: 300_000, condition: { op: "gte", value: 3 }, generate: false });
    expect(ok.silent.has("r1")).toBe(true);
    const bad = loadRules([{ file: "b.yml", text: corr("missing") }]);
    expect(bad.errors[0]!.message).toBe('b.yml: correlation.rules: unknown rule "missing"');
    const type = loadRules([{ file: "t.yml", text: `${good}---\n${corr("r1").replace("event_count", "sequence")}` }]);
    expect(type.errors[0]!.message).toMatch(/^t\.yml:13:9: correlation\.type: unknown correlation type "sequence"/);
  });

  it("loads the same set asynchronously, giving the event loop back while it parses", async () => {
    const sources = Array.from({ length: 400 }, (_, i) => ({ file: `r${i}.yml`, text: good.replace("id: r1", `id: r${i}`) + (i % 50 === 0 ? "---\ntitle: bad\ndetection: 1\n" : "") }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const async = await loadRulesAsync(sources, {}, 1);
    clearInterval(timer);
    const sync = loadRules(sources);
    expect(async.rules.map((r) => r.id)).toEqual(sync.rules.map((r) => r.id));
    expect(async.errors.map((e) => e.message)).toEqual(sync.errors.map((e) => e.message));
    expect(async.rules).toHaveLength(400);
    expect(ticks).toBeGreaterThan(0);
  });
});
