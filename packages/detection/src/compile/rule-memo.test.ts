// The rule-answer cache must answer exactly as the evaluator, including on values whose text is
// the same but whose type differs, on missing and null fields, and on arrays (never cached).
import { describe, expect, it } from "vitest";
import { loadRules, matchesRule, resolveField } from "../index";
import { makeEvent } from "../test-support";
import { RuleMemo, ruleFields } from "./rule-memo";

function rule(detection: string) {
  return loadRules([{ file: "m.yml", text: `title: m\nlogsource: {}\ndetection:\n${detection}` }], { strict: true }).rules[0]!;
}

describe("rule memo", () => {
  it("reads the fields of value-only rules and declines keywords and field references", () => {
    expect(ruleFields(rule("  sel:\n    Image|endswith: '\\cmd.exe'\n  f:\n    User: null\n  condition: sel and not f"))).toEqual(["Image", "User"]);
    expect(ruleFields(rule("  kw:\n    - mimikatz\n  condition: kw"))).toBeUndefined();
    expect(ruleFields(rule("  sel:\n    TargetUserName|fieldref: SubjectUserName\n  condition: sel"))).toBeUndefined();
    expect(ruleFields(rule("  sel:\n    User|neq: SYSTEM\n  condition: sel"))).toBeUndefined();
  });

  it("answers like the evaluator over repeated, typed, missing, null and array values", () => {
    const r = rule(
      "  sel:\n    Image|endswith: '\\cmd.exe'\n  num:\n    Level: 4\n  txt:\n    Code: '4'\n  f:\n    User: null\n  condition: (sel or num or txt) and not f",
    );
    const memo = new RuleMemo(ruleFields(r)!);
    const values: Record<string, unknown>[] = [
      { Image: "C:\\Windows\\System32\\CMD.EXE", User: "alice" },
      { Image: "C:\\Windows\\System32\\CMD.EXE", User: null },
      { Image: "C:\\Windows\\System32\\CMD.EXE" },
      { Level: 4, User: "bob" },
      { Level: "4", User: "bob" },
      { Code: 4, User: "bob" },
      { Code: "4", User: "bob" },
      { Image: ["C:\\x\\cmd.exe", "y"], User: "bob" },
      { Image: ["z"], User: "bob" },
      { Image: "C:\\x\\powershell.exe", User: "bob" },
    ];
    for (let round = 0; round < 3; round++) {
      for (const original of values) {
        const event = makeEvent({ original });
        expect(memo.matches(r, event, resolveField), JSON.stringify(original)).toBe(matchesRule(r, event, resolveField));
      }
    }
  });
});
