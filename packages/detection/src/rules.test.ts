// Vigil's own rules (packages/detection/rules), each with positive and negative events.
import { describe, expect, it } from "vitest";
import { DetectionEngine, loadBuiltinRules, matchesRule } from "./index";
import { at, makeEvent } from "./test-support";

const set = loadBuiltinRules();
const rule = (name: string) => set.rules.find((r) => r.name === name)!;
const failed = (user: string, minute: number, second = 0, ip = "203.0.113.7") =>
  makeEvent({ "@timestamp": at(minute, second), event: { action: "user-login", outcome: "failure" }, user: { name: user }, source: { ip } });

describe("builtin rules", () => {
  it("load without errors", () => {
    expect(set.errors).toEqual([]);
    expect(set.rules.map((r) => r.name)).toEqual(expect.arrayContaining(["auth-failed", "auth-success", "sensitive-file-access"]));
    expect(set.correlations.map((c) => c.name)).toEqual(expect.arrayContaining(["brute-force-login", "brute-force-success", "account-takeover-sensitive-access"]));
    expect(set.correlations.find((c) => c.name === "brute-force-login")).toMatchObject({ severity: "HIGH", tactics: ["credential-access"], techniques: ["T1110"] });
  });

  it("auth-failed matches failed logins only", () => {
    const r = rule("auth-failed");
    expect(matchesRule(r, failed("alice", 0))).toBe(true);
    expect(matchesRule(r, makeEvent({ event: { action: "logon-failed", outcome: "failure" } }))).toBe(true);
    expect(matchesRule(r, makeEvent({ event: { action: "user-login", outcome: "success" } }))).toBe(false);
    expect(matchesRule(r, makeEvent({ event: { action: "file-read", outcome: "failure" } }))).toBe(false);
  });

  it("sensitive-file-access matches confidential and finance paths", () => {
    const r = rule("sensitive-file-access");
    expect(r).toMatchObject({ severity: "MEDIUM", tactics: ["collection"], techniques: ["T1005"] });
    expect(matchesRule(r, makeEvent({ file: { path: "/srv/confidential/payroll.xlsx" } }))).toBe(true);
    expect(matchesRule(r, makeEvent({ file: { path: "D:\\Shares\\Finance\\q3.xlsx" } }))).toBe(true);
    expect(matchesRule(r, makeEvent({ original: { file_path: "/data/finance/x" } }))).toBe(false);
    expect(matchesRule(r, makeEvent({ file: { path: "/srv/public/menu.pdf" } }))).toBe(false);
    expect(matchesRule(r, makeEvent({ original: { path: "/srv/confidential/x" } }))).toBe(false);
  });
});

describe("brute-force-login correlation", () => {
  it("fires at the 5th failure for one user within 10 minutes, not before", () => {
    const engine = new DetectionEngine(set);
    const first4 = engine.process("t1", [0, 1, 2, 3].map((m) => failed("alice", m)));
    expect(first4).toEqual([]);
    const [match] = engine.process("t1", [failed("alice", 4)]);
    expect(match).toMatchObject({
      kind: "correlation", ruleTitle: "Brute force: 5+ failed logins for one user within 10 minutes", severity: "HIGH",
      groupKey: "user.name=alice", firstSeen: at(0), lastSeen: at(4), entities: { user: ["alice"], ip: ["203.0.113.7"] },
    });
    expect(match!.eventIds).toHaveLength(5);
  });

  it("does not fire when the failures are spread beyond the window or across users", () => {
    const engine = new DetectionEngine(set);
    expect(engine.process("t1", [0, 3, 6, 9, 12, 15].map((m) => failed("bob", m)))).toEqual([]);
    expect(engine.process("t1", ["a", "b", "c", "d", "e"].map((u) => failed(u, 1)))).toEqual([]);
  });

  it("keeps windows per tenant and ignores replayed events", () => {
    const engine = new DetectionEngine(set);
    const events = [0, 1, 2, 3].map((m) => failed("carol", m));
    engine.process("t1", events);
    expect(engine.process("t1", events)).toEqual([]);
    expect(engine.process("t2", [failed("carol", 4)])).toEqual([]);
    expect(engine.process("t1", [failed("carol", 4)])).toHaveLength(1);
  });

  it("counts out-of-order events by event time within the allowed lateness", () => {
    const engine = new DetectionEngine(set, { latenessMs: 10 * 60_000 });
    expect(engine.process("t1", [9, 1, 5, 3].map((m) => failed("dave", m)))).toEqual([]);
    expect(engine.process("t1", [failed("dave", 2)])).toHaveLength(1);
  });

  it("drops events later than the default 60 s lateness from correlation, with a counter", () => {
    const engine = new DetectionEngine(set);
    expect(engine.process("t1", [9, 1, 5, 3].map((m) => failed("dave", m)))).toEqual([]);
    expect(engine.process("t1", [failed("dave", 2)])).toEqual([]);
    expect(engine.lateCount("t1")).toBe(1);
    expect(engine.process("t1", [failed("dave", 8, 30)])).toHaveLength(1);
  });

  it("runs the seed scenario: failures, success, confidential file -> brute force, takeover chain", () => {
    const engine = new DetectionEngine(set);
    const events = [
      ...[0, 1, 2, 3, 4, 5].map((s) => failed("alice", 0, s * 10)),
      makeEvent({ "@timestamp": at(1, 10), event: { action: "user-login", outcome: "success" }, user: { name: "alice" }, source: { ip: "203.0.113.7" } }),
      makeEvent({ "@timestamp": at(2), event: { action: "file-read" }, user: { name: "alice" }, file: { path: "/srv/confidential/payroll.xlsx" }, host: { name: "fs-1" } }),
    ];
    const matches = engine.process("t1", events);
    // The sixth failure does not raise the brute force again: it is the count-up update after the batch.
    expect(matches.map((m) => [m.ruleTitle, m.groupKey])).toEqual([
      ["Brute force: 5+ failed logins for one user within 10 minutes", "user.name=alice"],
      ["Successful login after brute force", "user.name=alice"],
      ["Access to a confidential or finance file", "user.name=alice|host.name=fs-1"],
      ["Account takeover: brute force, login, then sensitive file access", "user.name=alice"],
      ["Brute force: 5+ failed logins for one user within 10 minutes", "user.name=alice"],
    ]);
    expect(matches[0]!.eventIds).toHaveLength(5);
    expect(matches[4]).toMatchObject({ firstSeen: at(0, 50), lastSeen: at(0, 50), eventIds: [events[5]!.id] });
    expect(matches[2]!.entities).toEqual({ user: ["alice"], host: ["fs-1"], ip: [], file: ["/srv/confidential/payroll.xlsx"] });
    expect(matches[3]).toMatchObject({ severity: "CRITICAL", firstSeen: at(0), lastSeen: at(2), entities: { user: ["alice"], ip: ["203.0.113.7"] } });
  });
});

describe("correlation state housekeeping", () => {
  it("prunes idle groups but keeps recent ones", () => {
    const engine = new DetectionEngine(set);
    engine.process("t1", [failed("old", 0)]);
    engine.process("t1", [failed("new", 50)]);
    expect(engine.windows.size).toBe(2);
    // Longest timespan is 1 h (account takeover chain): at 11:50 with 30 min slack, groups idle since before 10:20 go.
    engine.prune(Date.parse(at(50)) + engine.longestTimespanMs, 30 * 60_000);
    expect(engine.windows.size).toBe(1);
  });
});
