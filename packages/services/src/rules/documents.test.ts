import { describe, expect, it } from "vitest";
import { builtinRules } from "./builtin";
import { engineSources } from "./engine-sources";
import { isRuleFile, packHash, validatePack } from "./documents";
import { ADMIN_CREATED, BROKEN, FAILED_LOGON } from "./fixtures.test-data";
import { resolveEffectiveRules } from "./resolve";
import { writeZip } from "./test-zip";
import { readZip } from "./zip";
import { loadRules } from "@vigil/detection";

describe("validatePack", () => {
  it("stores valid documents verbatim and reports each failed one with its file and reason", () => {
    const { documents, failed } = validatePack([
      { path: "a.yml", text: FAILED_LOGON },
      { path: "b.yaml", text: BROKEN },
      { path: "README.md", text: "not a rule" },
    ]);
    expect(documents).toEqual([expect.objectContaining({ ruleId: "0e7a1a52-0c1c-4b8e-9d53-7f7f1f4c1a01", kind: "rule", level: "low", file: "a.yml", yaml: FAILED_LOGON })]);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.file).toBe("b.yaml");
    expect(failed[0]?.reason).toMatch(/nosuchmodifier/);
  });

  it("takes YAML files only, skipping hidden files and zip metadata", () => {
    expect(["a.yml", "dir/b.YAML", "../x/c.yml", "./d.yml"].every(isRuleFile)).toBe(true);
    expect([".hidden.yml", "x/.git/c.yml", "__MACOSX/a.yml", "a.yml.txt", "README.md"].some(isRuleFile)).toBe(false);
  });

  it("splits multi-document files so each rule is stored on its own", () => {
    const { documents } = validatePack([{ path: "both.yml", text: `${FAILED_LOGON}---\n${ADMIN_CREATED}` }]);
    expect(documents.map((d) => d.file)).toEqual(["both.yml#1", "both.yml#2"]);
    expect(documents[1]?.yaml).toBe(ADMIN_CREATED);
  });

  it("rejects a second rule with the same id", () => {
    const { documents, failed } = validatePack([{ path: "a.yml", text: FAILED_LOGON }, { path: "b.yml", text: FAILED_LOGON }]);
    expect(documents).toHaveLength(1);
    expect(failed).toEqual([{ file: "b.yml", reason: expect.stringMatching(/duplicate rule id/) }]);
  });

  it("a correlation may reference a rule of the context (the levels above)", () => {
    const correlation = `title: Many failures\nid: corr-1\ncorrelation:\n  type: event_count\n  rules: [0e7a1a52-0c1c-4b8e-9d53-7f7f1f4c1a01]\n  group-by: [user]\n  timespan: 5m\n  condition: { gte: 3 }\nlevel: high\n`;
    expect(validatePack([{ path: "c.yml", text: correlation }]).failed[0]?.reason).toMatch(/unknown rule/);
    const ok = validatePack([{ path: "c.yml", text: correlation }], [{ file: "(global) a.yml", text: FAILED_LOGON }]);
    expect(ok.failed).toEqual([]);
    expect(ok.documents[0]).toMatchObject({ ruleId: "corr-1", kind: "correlation" });
  });

  it("the content hash ignores file order", () => {
    const a = validatePack([{ path: "a.yml", text: FAILED_LOGON }, { path: "b.yml", text: ADMIN_CREATED }]).documents;
    const b = validatePack([{ path: "b.yml", text: ADMIN_CREATED }, { path: "a.yml", text: FAILED_LOGON }]).documents;
    expect(packHash(a)).toBe(packHash(b));
  });
});

describe("engineSources", () => {
  const base = validatePack([{ path: "a.yml", text: FAILED_LOGON }, { path: "b.yml", text: ADMIN_CREATED }]).documents.map((d) => ({ ...d, scope: "GLOBAL" as const, pack: "p", packVersion: 1 }));

  it("applies level overrides and turns exceptions into Sigma filters the engine applies", () => {
    const effective = resolveEffectiveRules(base, [
      { scope: "TENANT", ruleId: "0e7a1a52-0c1c-4b8e-9d53-7f7f1f4c1a01", enabled: null, level: "critical", status: null, exception: { user: "svc-backup" } },
      { scope: "ORGANIZATION", ruleId: "0e7a1a52-0c1c-4b8e-9d53-7f7f1f4c1a02", enabled: false, level: null, status: null, exception: null },
    ]);
    const { sources, hash } = engineSources(effective);
    const set = loadRules(sources);
    expect(set.errors).toEqual([]);
    expect(set.rules.map((r) => [r.id, r.level])).toEqual([["0e7a1a52-0c1c-4b8e-9d53-7f7f1f4c1a01", "critical"]]);
    expect(set.rules[0]?.filteredBy).toEqual(["vigil-exception:tenant:0e7a1a52-0c1c-4b8e-9d53-7f7f1f4c1a01"]);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(engineSources(resolveEffectiveRules(base, [])).hash).not.toBe(hash);
  });
});

describe("readZip", () => {
  it("reads deflated and stored entries and skips directories", () => {
    for (const deflate of [true, false]) {
      const zip = writeZip([{ path: "rules/a.yml", text: FAILED_LOGON }, { path: "rules/", text: "" }, { path: "rules/b.yml", text: "ü" }], deflate);
      expect(readZip(zip).map((e) => [e.path, e.data.toString("utf8")])).toEqual([["rules/a.yml", FAILED_LOGON], ["rules/b.yml", "ü"]]);
    }
  });

  it("answers bad input with a clear error", () => {
    expect(() => readZip(Buffer.from("definitely not a zip file at all"))).toThrow(/not a zip file/);
    const zip = writeZip([{ path: "a.yml", text: FAILED_LOGON }]);
    expect(() => readZip(zip.subarray(0, zip.length - 30))).toThrow(/zip:/);
  });
});

describe("engineSources: disabling a rule a correlation needs", () => {
  it("keeps it silenced so the chain still compiles; other disabled rules are left out", () => {
    const fileAccess = "58a65f58-baa4-47a7-b2d1-c09934341304"; // sensitive-file-access, used by account-takeover
    const auditCleared = "729aff94-afaa-4fc9-b3c8-e608a15952d8";
    const off = (ruleId: string) => ({ scope: "ORGANIZATION" as const, ruleId, enabled: false, level: null, status: null, exception: null });
    const { sources, silenced } = engineSources(resolveEffectiveRules(builtinRules(), [off(fileAccess), off(auditCleared)]));
    expect(silenced).toEqual([fileAccess]);
    const set = loadRules(sources);
    expect(set.errors).toEqual([]);
    expect(set.rules.some((r) => r.id === fileAccess)).toBe(true);
    expect(set.rules.some((r) => r.id === auditCleared)).toBe(false);
    expect(set.correlations.some((c) => c.name === "account-takeover-sensitive-access")).toBe(true);
  });
});
