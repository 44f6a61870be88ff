import { describe, expect, it } from "vitest";
import { loadRules, matchesRule } from "../index";
import { makeEvent } from "../test-support";
import { AhoCorasick } from "./aho-corasick";
import { compileRules } from "./compile";

function rules(...detections: string[]) {
  const sources = detections.map((d, i) => ({ file: `r${i}.yml`, text: `title: r${i}\nid: r${i}\nlogsource: {}\ndetection:\n${d}` }));
  return loadRules(sources, { strict: true }).rules;
}

describe("Aho-Corasick", () => {
  it("reports every occurrence, overlapping ones and needles inside needles included", () => {
    const ac = new AhoCorasick(["he", "she", "his", "hers", "é"]);
    const hits: string[] = [];
    ac.search("ushers é", (n, end) => hits.push(`${ac.needles[n]}@${end}`));
    expect(hits.sort()).toEqual(["he@3", "hers@5", "she@3", "é@7"].sort());
  });

  it("folds ASCII case, confirms needles with non-ASCII characters and scales to many needles", () => {
    const ac = new AhoCorasick(["cmd.exe", "ÿa", "ǿa", ...Array.from({ length: 5000 }, (_, i) => `needle${i}x`)]);
    const found = (text: string) => {
      const out: string[] = [];
      ac.search(text, (n) => out.push(ac.needles[n]!));
      return out;
    };
    expect(found("C:\\CMD.EXE /c")).toEqual(["cmd.exe"]);
    expect(found("ÿa ǿa")).toEqual(["ÿa", "ǿa"]);
    expect(found("ǯa")).toEqual([]);
    expect(found("xneedle4999x needle12x")).toEqual(["needle4999x", "needle12x"]);
  });
});

describe("compiled backend", () => {
  const set = rules(
    "  sel:\n    Image|endswith: '\\cmd.exe'\n    CommandLine|contains: whoami\n  condition: sel",
    "  sel:\n    EventID: 4688\n  condition: sel",
    "  sel:\n    Image: C:\\Windows\\explorer.exe\n  condition: sel",
    "  sel:\n    CommandLine|startswith: 'net '\n  filter:\n    User: SYSTEM\n  condition: sel and not filter",
    "  kw:\n    - mimikatz\n  condition: kw",
    "  sel:\n    CommandLine|re: '^a\\d+$'\n  condition: sel",
    "  filter:\n    Image|endswith: '.exe'\n  condition: not filter",
  );
  const compiled = compileRules(set);
  const naive = (e: ReturnType<typeof makeEvent>) => set.filter((r) => matchesRule(r, e)).map((r) => r.id);

  it("indexes literals, numbers, regexes and keywords; only negations stay catch-all", () => {
    expect(compiled.stats).toMatchObject({ rules: 7, catchAll: 1, never: 0 });
  });

  it("answers as the reference evaluator does", () => {
    const events = [
      { Image: "C:\\Windows\\System32\\CMD.EXE", CommandLine: "cmd /c WHOAMI /all", EventID: 4688 },
      { Image: "C:\\Windows\\explorer.exe", EventID: "4688" },
      { CommandLine: "net user x /add", User: "alice" },
      { CommandLine: "net user x /add", User: "system" },
      { CommandLine: "a123", Note: "ran MIMIKATZ" },
      { CommandLine: ["x", "a9"], EventID: [1, 4688] },
      {},
    ];
    for (const original of events) {
      const e = makeEvent({ original });
      expect(compiled.match(e)).toEqual(naive(e));
    }
    expect(compiled.match(makeEvent({ original: events[0]! }))).toEqual(["r0", "r1"]);
    expect(compiled.match(makeEvent({ original: { CommandLine: "net use", User: "bob" } }))).toEqual(["r3", "r6"]);
  });

  it("evaluates only candidate rules", () => {
    compiled.match(makeEvent({ original: { Image: "C:\\Windows\\explorer.exe" } }));
    expect(compiled.lastCandidates).toBeLessThanOrEqual(3);
  });
});
