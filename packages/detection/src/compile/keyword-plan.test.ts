// Keyword rules in the compiled backend: a rule needing keywords and a field clause is only a
// candidate once its field clause hit (its needles are searched only then), a rule
// with two keyword clauses is found through the more selective one, and the answers stay the
// reference evaluator's.
import { describe, expect, it } from "vitest";
import { loadRules, matchesRule } from "../index";
import { makeEvent } from "../test-support";
import { compileRules } from "./compile";

const detections = [
  "  sel:\n    EventID: 4769\n  kw:\n    - 'kali'\n  condition: sel and kw",
  "  a:\n    - 'new-mailboxexportrequest'\n  b:\n    - '.aspx'\n  condition: a and b",
  "  kw:\n    - 'sekurlsa::'\n  condition: kw",
];
const set = loadRules(detections.map((d, i) => ({ file: `k${i}.yml`, text: `title: k${i}\nid: k${i}\nlogsource: {}\ndetection:\n${d}` })), { strict: true }).rules;

describe("keyword plan", () => {
  const compiled = compileRules(set);
  const naive = (e: ReturnType<typeof makeEvent>) => set.filter((r) => matchesRule(r, e)).map((r) => r.id);

  it("answers as the reference evaluator does", () => {
    const events = [
      { EventID: 4769, Workstation: "KALI" },
      { EventID: 4624, Workstation: "kali" },
      { CommandLine: "New-MailboxExportRequest -FilePath \\\\srv\\x.aspx" },
      { CommandLine: "New-MailboxExportRequest -FilePath \\\\srv\\x.pst" },
      { CommandLine: "x.aspx" },
      { CommandLine: "mimikatz SEKURLSA::logonpasswords", EventID: 4769 },
      { Note: "nothing" },
    ];
    for (const original of events) {
      const e = makeEvent({ original });
      expect(compiled.match(e), JSON.stringify(original)).toEqual(naive(e));
    }
    expect(compiled.match(makeEvent({ original: events[0]! }))).toEqual(["k0"]);
    expect(compiled.match(makeEvent({ original: events[2]! }))).toEqual(["k1"]);
  });

  it("makes a gated rule a candidate only when its field clause hit", () => {
    compiled.match(makeEvent({ original: { EventID: 4624, Workstation: "kali" } }));
    expect(compiled.lastCandidates).toBe(0);
    compiled.match(makeEvent({ original: { CommandLine: "x.aspx" } }));
    expect(compiled.lastCandidates).toBe(0);
  });
});
