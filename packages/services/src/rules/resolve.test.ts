import { describe, expect, it } from "vitest";
import { resolveEffectiveRules } from "./resolve";
import type { LevelRule, LevelSetting, RuleScope } from "./types";

const rule = (ruleId: string, scope: RuleScope, extra: Partial<LevelRule> = {}): LevelRule => ({
  ruleId, scope, kind: "rule", title: `${ruleId} at ${scope}`, level: "medium", file: `${ruleId}.yml`, yaml: `id: ${ruleId}`, pack: "p", packVersion: 1, ...extra,
});
const setting = (ruleId: string, scope: RuleScope, s: Partial<LevelSetting>): LevelSetting => ({ ruleId, scope, enabled: null, level: null, status: null, exception: null, ...s });

describe("resolveEffectiveRules: global -> organization -> tenant", () => {
  it("with no settings, every rule is enabled as written", () => {
    const [r] = resolveEffectiveRules([rule("a", "GLOBAL")], []);
    expect(r).toMatchObject({ ruleId: "a", definedAt: "GLOBAL", enabled: { value: true, from: "rule" }, level: { value: "medium", from: "rule" }, status: { value: null, from: "rule" }, exceptions: [] });
  });

  it("a lower level's pack replaces the rule of the same id, whatever the input order", () => {
    const rules = resolveEffectiveRules([rule("a", "TENANT", { title: "mine" }), rule("a", "GLOBAL"), rule("a", "ORGANIZATION", { title: "org" })], []);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ title: "mine", definedAt: "TENANT" });
  });

  it("inside one level, the later input wins (a database global pack replaces the built-in rule)", () => {
    const rules = resolveEffectiveRules([rule("a", "GLOBAL", { pack: "vigil-builtin" }), rule("a", "GLOBAL", { pack: "imported" })], []);
    expect(rules[0]?.pack).toBe("imported");
  });

  it("disabled at the organization disables it for the tenant; the tenant may re-enable it", () => {
    const rules = [rule("a", "GLOBAL")];
    const org = setting("a", "ORGANIZATION", { enabled: false });
    expect(resolveEffectiveRules(rules, [org])[0]?.enabled).toEqual({ value: false, from: "ORGANIZATION" });
    const reenabled = resolveEffectiveRules(rules, [setting("a", "TENANT", { enabled: true }), org]);
    expect(reenabled[0]?.enabled).toEqual({ value: true, from: "TENANT" });
  });

  it("a null at a lower level inherits: the tenant's level override does not undo the org's disable", () => {
    const r = resolveEffectiveRules([rule("a", "GLOBAL")], [setting("a", "ORGANIZATION", { enabled: false }), setting("a", "TENANT", { level: "critical" })])[0];
    expect(r?.enabled).toEqual({ value: false, from: "ORGANIZATION" });
    expect(r?.level).toEqual({ value: "critical", from: "TENANT" });
  });

  it("each field comes from the most specific level that sets it", () => {
    const r = resolveEffectiveRules([rule("a", "GLOBAL")], [
      setting("a", "GLOBAL", { level: "low", status: "experimental" }),
      setting("a", "ORGANIZATION", { level: "high" }),
    ])[0];
    expect(r?.level).toEqual({ value: "high", from: "ORGANIZATION" });
    expect(r?.status).toEqual({ value: "experimental", from: "GLOBAL" });
  });

  it("exceptions add up from the top level down", () => {
    const r = resolveEffectiveRules([rule("a", "GLOBAL")], [
      setting("a", "TENANT", { exception: { user: "svc" } }),
      setting("a", "ORGANIZATION", { exception: { host: "scanner" } }),
    ])[0];
    expect(r?.exceptions).toEqual([{ scope: "ORGANIZATION", selection: { host: "scanner" } }, { scope: "TENANT", selection: { user: "svc" } }]);
  });

  it("settings of rules that are not defined are ignored, other rules are untouched", () => {
    const rules = resolveEffectiveRules([rule("b", "GLOBAL"), rule("a", "GLOBAL")], [setting("zzz", "TENANT", { enabled: false }), setting("a", "TENANT", { enabled: false })]);
    expect(rules.map((r) => [r.ruleId, r.enabled.value])).toEqual([["a", false], ["b", true]]);
  });
});
