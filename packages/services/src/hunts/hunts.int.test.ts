// Retro-hunts against PostgreSQL: single-event and correlation rules over stored events, time-range
// and Windows prefilters, progress, RLS isolation (tenant B's events are never scanned for A), bad input.
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import type { VigilEvent } from "@vigil/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import { AppError } from "../errors";
import { storeEvents } from "../events";
import type { HuntProgress } from "./index";
import { runHunt } from "./index";

let tdb: TestDatabase;
let db: Db;
let a: string;
let b: string;
const from = new Date("2026-11-27T10:00:00Z");
const to = new Date("2026-11-27T11:00:00Z");

function event(id: string, minute: number, fields: Partial<VigilEvent>): VigilEvent {
  return {
    id,
    "@timestamp": new Date(from.getTime() + minute * 60_000).toISOString(),
    event: {},
    vigil: { receiver: "hec" },
    original: {},
    raw: id,
    ...fields,
  };
}

const failed = (id: string, minute: number, user: string, ip: string) =>
  event(id, minute, { user: { name: user }, source: { ip }, event: { action: "login", outcome: "failure" }, host: { name: "web-1" } });
const sysmon = (id: string, minute: number, image: string, commandLine: string) =>
  event(id, minute, {
    host: { name: "ws-1" },
    original: { Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1, Image: image, CommandLine: commandLine },
  });

const WHOAMI = `title: Whoami Execution
id: 11111111-1111-4111-8111-111111111111
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
level: medium
`;

const BRUTE_FORCE = `title: Failed login
id: 22222222-2222-4222-8222-222222222222
name: failed_login
logsource: {category: authentication}
detection:
  selection:
    event.action: login
    event.outcome: failure
  condition: selection
level: low
---
title: Brute force
id: 33333333-3333-4333-8333-333333333333
correlation:
  type: event_count
  rules: [failed_login]
  group-by: [source.ip]
  timespan: 5m
  condition: {gte: 3}
level: high
`;

const eventsA = [
  failed("a-f1", 1, "alice", "10.0.0.1"),
  failed("a-f2", 2, "alice", "10.0.0.1"),
  failed("a-f3", 3, "bob", "10.0.0.1"),
  failed("a-f4", 30, "carol", "10.0.0.2"),
  sysmon("a-w1", 5, "C:\\Windows\\System32\\whoami.exe", "whoami /all"),
  sysmon("a-w2", 6, "C:\\Windows\\System32\\cmd.exe", "cmd /c dir"),
  // Outside the range on both ends.
  event("a-early", -5, { original: { Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1, Image: "C:\\x\\whoami.exe" } }),
  sysmon("a-late", 61, "C:\\Windows\\System32\\whoami.exe", "whoami"),
];
const eventsB = [
  failed("b-f1", 1, "mallory", "10.0.0.1"),
  failed("b-f2", 2, "mallory", "10.0.0.1"),
  failed("b-f3", 3, "mallory", "10.0.0.1"),
  sysmon("b-w1", 5, "C:\\Windows\\System32\\whoami.exe", "whoami"),
];

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 3 });
  a = (await signUp({ db }, { email: "h-a@a.test", password: "password-aaaa", name: "A", organizationName: "Hunt A" })).tenant.id;
  b = (await signUp({ db }, { email: "h-b@b.test", password: "password-bbbb", name: "B", organizationName: "Hunt B" })).tenant.id;
  await storeEvents({ db }, a, eventsA);
  await storeEvents({ db }, b, eventsB);
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("runHunt", () => {
  it("finds a single-event rule's matches in the range only, scanning Windows records only", async () => {
    const progress: HuntProgress[] = [];
    const result = await runHunt({ db }, a, { rule: WHOAMI, from, to, onProgress: (p) => progress.push(p) });
    expect(result.matches.map((m) => m.eventIds)).toEqual([["a-w1"]]);
    expect(result.byRule).toEqual([{ ruleId: "11111111-1111-4111-8111-111111111111", title: "Whoami Execution", kind: "event", count: 1 }]);
    // Two Windows records in range (a-w1, a-w2): the logins are never fetched for a Windows-only rule.
    expect(result).toMatchObject({ scanned: 2, total: 2, matchCount: 1, truncated: false });
    expect(result.prefilter).toMatch(/Windows records only/);
    expect(progress.at(-1)).toEqual({ scanned: 2, total: 2 });
  });

  it("runs a correlation rule over the stored events in time order", async () => {
    const result = await runHunt({ db }, a, { rule: BRUTE_FORCE, from, to });
    const correlation = result.matches.filter((m) => m.kind === "correlation");
    expect(correlation).toHaveLength(1);
    expect(correlation[0]).toMatchObject({ ruleId: "33333333-3333-4333-8333-333333333333", eventIds: ["a-f1", "a-f2", "a-f3"] });
    expect(correlation[0]?.groupKey).toContain("10.0.0.1");
    // The base rule is silent (referenced by a correlation without generate): no single-event matches.
    expect(result.matches.every((m) => m.kind === "correlation")).toBe(true);
    expect(result).toMatchObject({ scanned: 6, total: 6 });
  });

  it("never scans another tenant's events", async () => {
    const forA = await runHunt({ db }, a, { rule: BRUTE_FORCE, from, to });
    const allIds = forA.matches.flatMap((m) => m.eventIds);
    expect(allIds.some((id) => id.startsWith("b-"))).toBe(false);
    const forB = await runHunt({ db }, b, { rule: WHOAMI, from, to });
    expect(forB.matches.map((m) => m.eventIds)).toEqual([["b-w1"]]);
    expect(forB.total).toBe(1);
    // Tenant B's brute force (mallory) fires for B only, with B's events.
    const bruteB = await runHunt({ db }, b, { rule: BRUTE_FORCE, from, to });
    expect(bruteB.matches.map((m) => m.eventIds)).toEqual([["b-f1", "b-f2", "b-f3"]]);
  });

  it("reports no matches for a range without events", async () => {
    const result = await runHunt({ db }, a, { rule: WHOAMI, from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-10-02T00:00:00Z") });
    expect(result).toMatchObject({ scanned: 0, total: 0, matchCount: 0, matches: [] });
  });

  it.each([
    ["invalid YAML", { rule: "title: [unclosed", from, to }, /rule: hunt\.yml:1/],
    ["a rule with an unknown modifier", { rule: WHOAMI.replace("endswith", "endswithh"), from, to }, /rule: .*endswithh/],
    ["no rule at all", { rule: "# nothing here\n", from, to }, /no Sigma rule/],
    ["a reversed time range", { rule: WHOAMI, from: to, to: from }, /to: must be after from/],
    ["a range longer than 31 days", { rule: WHOAMI, from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-03-01T00:00:00Z") }, /at most 31 days/],
    ["an invalid date", { rule: WHOAMI, from: new Date("nope"), to }, /not a valid date/],
  ])("rejects %s with a BAD_REQUEST saying what is wrong", async (_name, input, message) => {
    const run = runHunt({ db }, a, input);
    await expect(run).rejects.toBeInstanceOf(AppError);
    await expect(run).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
  });

  it("refuses a range holding more events than the cap before scanning any", async () => {
    const progress: HuntProgress[] = [];
    const run = runHunt({ db }, a, { rule: BRUTE_FORCE, from, to, maxEvents: 5, onProgress: (p) => progress.push(p) });
    await expect(run).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/holds 6 events, a hunt scans at most 5/) });
    expect(progress).toEqual([]);
  });
});
