// Vigil's rule pack (packages/detection/rules): every rule and chain with positive and negative events.
import type { VigilEvent } from "@vigil/schema";
import { describe, expect, it } from "vitest";
import { DetectionEngine, loadBuiltinRules, matchesRule } from "./index";
import { at, makeEvent } from "./test-support";

const set = loadBuiltinRules();
const rule = (name: string) => set.rules.find((r) => r.name === name)!;
const evt = (fields: Record<string, unknown>) => makeEvent(fields as Partial<VigilEvent>);
const titles = (events: VigilEvent[]) => new DetectionEngine(set).process("t", events).map((m) => m.ruleTitle);

const failed = (minute: number, second: number, ip = "198.51.100.9", user = "bob") =>
  evt({ "@timestamp": at(minute, second), event: { action: "user-login", outcome: "failure" }, user: { name: user }, source: { ip } });
const web = (minute: number, second: number, url: string, status: number, ip = "198.51.100.9") =>
  evt({ "@timestamp": at(minute, second), event: { action: "http-request" }, url: { original: url }, source: { ip }, original: { status } });

describe("rule pack metadata", () => {
  it("every rule and correlation carries ATT&CK tags, except the silent building blocks", () => {
    const untagged = [...set.rules, ...set.correlations].filter((r) => r.techniques.length === 0 && !set.silent.has(r.id)).map((r) => r.name);
    expect(untagged).toEqual([]);
  });
});

describe("web attack chain: failed logins, scanning, SQL injection from one source", () => {
  const scan = (minute: number, ip?: string) => Array.from({ length: 20 }, (_, i) => web(minute, i, `/admin${i}.php`, 404, ip));
  const brute = [0, 1, 2, 3, 4].map((s) => failed(0, s * 10));
  const sqli = web(9, 0, "/items?id=1%20UNION%20ALL%20SELECT%20password%20FROM%20users", 200);

  it("sql-injection-attempt matches SQL injection patterns, plain and encoded, and not ordinary URLs", () => {
    const r = rule("sql-injection-attempt");
    for (const u of ["/p?id=1' or 1=1--", "/p?id=1%27%20or%201%3D1", "/p?q=1 union select 1,2", "/p?q=1+UNION+ALL+SELECT+1", "/x?t=information_schema.tables"]) {
      expect(matchesRule(r, web(0, 0, u, 200))).toBe(true);
    }
    for (const u of ["/reunion/selection", "/products?id=12", "/search?q=union+station"]) expect(matchesRule(r, web(0, 0, u, 200))).toBe(false);
  });

  it("web-scan fires at 20 distinct missing URLs from one address in 5 minutes, not 19 or spread out", () => {
    expect(titles(scan(5)).filter((t) => t.startsWith("Web scanning"))).toHaveLength(1);
    expect(titles(scan(5).slice(0, 19)).filter((t) => t.startsWith("Web scanning"))).toHaveLength(0);
    const spread = Array.from({ length: 20 }, (_, i) => web(i, 0, `/a${i}`, 404));
    expect(titles(spread).filter((t) => t.startsWith("Web scanning"))).toHaveLength(0);
    expect(titles(Array.from({ length: 20 }, (_, i) => web(5, i, "/same", 404)))).toEqual([]);
  });

  it("fires the chain in order from one source", () => {
    const out = titles([...brute, ...scan(5), sqli]);
    expect(out).toContain("Web attack chain: failed logins, scanning, then SQL injection from one source");
    expect(out.filter((t) => t === "SQL injection attempt in a URL")).toHaveLength(1);
  });

  it("does not fire out of order, from different sources, or beyond an hour", () => {
    const chain = "Web attack chain: failed logins, scanning, then SQL injection from one source";
    expect(titles([web(0, 0, sqli.url!.original!, 200), ...scan(5).map((e) => e), ...[0, 1, 2, 3, 4].map((s) => failed(9, s))])).not.toContain(chain);
    expect(titles([...brute, ...scan(5, "203.0.113.50"), sqli])).not.toContain(chain);
    expect(titles([...brute, ...scan(5), web(61, 0, sqli.url!.original!, 200)])).not.toContain(chain);
  });
});

describe("new administrator account", () => {
  const win = (minute: number, fields: Record<string, unknown>) => evt({ "@timestamp": at(minute), original: { Channel: "Security", ...fields } });
  const created = (sid: string, minute = 0) => win(minute, { EventID: 4720, TargetUserName: "eve", TargetSid: sid });
  const added = (member: string, minute = 5, group = { TargetUserName: "Administrators", TargetSid: "S-1-5-32-544" }) =>
    win(minute, { EventID: 4732, MemberSid: member, ...group });
  const NEW = "New administrator account (Windows)";

  it("Windows: 4720 then 4732 to Administrators for the same SID (alias join)", () => {
    expect(titles([created("S-1-5-21-1-1001"), added("S-1-5-21-1-1001")])).toContain(NEW);
    expect(titles([created("S-1-5-21-1-1001"), added("S-1-5-21-1-1001", 5, { TargetUserName: "Domain Admins", TargetSid: "S-1-5-21-1-512" })])).toContain(NEW);
  });

  it("Windows: not for another account, a non-admin group, the wrong order, or after an hour", () => {
    expect(titles([created("S-1-5-21-1-1001"), added("S-1-5-21-1-1002")])).not.toContain(NEW);
    expect(titles([created("S-1-5-21-1-1001"), added("S-1-5-21-1-1001", 5, { TargetUserName: "Users", TargetSid: "S-1-5-32-545" })])).not.toContain(NEW);
    expect(titles([added("S-1-5-21-1-1001", 0), created("S-1-5-21-1-1001", 1)])).not.toContain(NEW);
    expect(titles([created("S-1-5-21-1-1001", 0), added("S-1-5-21-1-1001", 61)])).not.toContain(NEW);
  });

  const linux = (minute: number, action: string, target: string, group?: string) =>
    evt({ "@timestamp": at(minute), event: { action, outcome: "success", category: "iam" }, user: { name: "root", target: { name: target } }, ...(group ? { group: { name: group } } : {}) });
  const LNEW = "New administrator account (Linux)";

  it("Linux: useradd then usermod -aG sudo for the same user", () => {
    expect(titles([linux(0, "user_created", "eve"), linux(1, "group_member_added", "eve", "sudo")])).toContain(LNEW);
    expect(titles([linux(0, "user_created", "eve"), linux(1, "group_member_added", "eve", "wheel")])).toContain(LNEW);
  });

  it("Linux: not for another group, another user, or the wrong order", () => {
    expect(titles([linux(0, "user_created", "eve"), linux(1, "group_member_added", "eve", "docker")])).not.toContain(LNEW);
    expect(titles([linux(0, "user_created", "eve"), linux(1, "group_member_added", "mallory", "sudo")])).not.toContain(LNEW);
    expect(titles([linux(0, "group_member_added", "eve", "sudo"), linux(1, "user_created", "eve")])).not.toContain(LNEW);
  });
});

describe("audit log cleared", () => {
  const winlog = (EventID: number, Provider_Name = "Microsoft-Windows-Eventlog") => evt({ original: { EventID, Provider_Name } });
  const cmd = (command_line: string) => evt({ process: { command_line } });

  it("Windows: Security log cleared (1102) or another log cleared (104)", () => {
    const r = rule("win-audit-log-cleared");
    expect(r).toMatchObject({ severity: "HIGH", tactics: ["defense-evasion"], techniques: ["T1070.001"] });
    expect(matchesRule(r, winlog(1102))).toBe(true);
    expect(matchesRule(r, winlog(104))).toBe(true);
    expect(matchesRule(r, winlog(104, "Microsoft-Windows-Kernel-General"))).toBe(false);
    expect(matchesRule(r, winlog(4624))).toBe(false);
  });

  it("Linux: audit log emptied or removed, or audit rules deleted", () => {
    const r = rule("linux-audit-log-cleared");
    for (const c of ["rm -f /var/log/audit/audit.log", "truncate -s 0 /var/log/audit/audit.log", "cat /dev/null > /var/log/audit/audit.log", "sudo auditctl -D"]) {
      expect(matchesRule(r, cmd(c))).toBe(true);
    }
    for (const c of ["less /var/log/audit/audit.log", "grep denied /var/log/audit/audit.log", "auditctl -l"]) expect(matchesRule(r, cmd(c))).toBe(false);
  });
});

describe("account takeover chain", () => {
  const TAKEOVER = "Account takeover: brute force, login, then sensitive file access";
  const success = (minute: number, user = "bob") => evt({ "@timestamp": at(minute), event: { action: "user-login", outcome: "success" }, user: { name: user } });
  const file = (minute: number, user = "bob") => evt({ "@timestamp": at(minute), event: { action: "file-read" }, user: { name: user }, file: { path: "/srv/finance/q3.xlsx" } });
  const brute = [0, 1, 2, 3, 4].map((s) => failed(0, s * 10));

  it("fires on 5 failures, a success, then a sensitive file for the same account", () => {
    expect(titles([...brute, success(2), file(10)])).toEqual(expect.arrayContaining(["Successful login after brute force", TAKEOVER]));
  });

  it("does not fire with 4 failures, without the success, for another account, or with the file first", () => {
    expect(titles([...brute.slice(1), success(2), file(10)])).not.toContain(TAKEOVER);
    expect(titles([...brute, file(10)])).not.toContain(TAKEOVER);
    expect(titles([...brute, success(2), file(10, "carol")])).not.toContain(TAKEOVER);
    expect(titles([file(0, "bob"), ...[0, 1, 2, 3, 4].map((s) => failed(1, s)), success(2)])).not.toContain(TAKEOVER);
  });

  it("survives a restart: snapshot after the success, restore in a new engine, same alerts", () => {
    const events = [...brute, success(2), failed(3, 0), file(10)];
    const whole = new DetectionEngine(set).process("t", events);
    const first = new DetectionEngine(set);
    const before = first.process("t", events.slice(0, 6));
    const second = new DetectionEngine(set);
    second.restore(JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<DetectionEngine["snapshot"]>);
    expect([...before, ...second.process("t", events.slice(6))]).toEqual(whole);
    expect(whole.map((m) => m.ruleTitle)).toContain(TAKEOVER);
  });

  it("does not alert on an ordinary successful login", () => {
    expect(titles([success(0)])).toEqual([]);
  });
});
