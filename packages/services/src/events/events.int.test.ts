// Event store use cases against PostgreSQL (partitioned events table, RLS as vigil_app).
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { ndjsonParser } from "@vigil/parsers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import { AppError } from "../errors";
import { deadLetterSummary, eventHistogram, listDeadLetters, listEvents, storeDeadLetters, storeEvents } from "./index";

let tdb: TestDatabase;
let db: Db;
let a: string;
let b: string;

const parse = (tenantId: string, lines: object[]) =>
  ndjsonParser.parse(lines.map((l) => JSON.stringify(l)).join("\n"), { tenantId, receivedAt: new Date("2026-11-27T12:00:00Z") }).events;

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 3 });
  a = (await signUp({ db }, { email: "ev-a@a.test", password: "password-aaaa", name: "A", organizationName: "Events A" })).tenant.id;
  b = (await signUp({ db }, { email: "ev-b@b.test", password: "password-bbbb", name: "B", organizationName: "Events B" })).tenant.id;
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("event store", () => {
  const lines = [
    { "@timestamp": "2026-11-27T10:00:05Z", user: "alice", outcome: "failure", action: "login", src_ip: "203.0.113.7" },
    { "@timestamp": "2026-11-27T10:00:50Z", user: "alice", outcome: "success", action: "login" },
    { "@timestamp": "2026-11-27T10:03:00Z", user: "bob", action: "file-read", file_path: "/srv/x" },
    { "@timestamp": "2020-01-01T00:00:00Z", user: "old", action: "ancient" },
  ];

  it("stores idempotently, in any partition (including the default one)", async () => {
    const events = parse(a, lines);
    expect(await storeEvents({ db }, a, events)).toMatchObject({ inserted: 4, duplicates: 0 });
    expect(await storeEvents({ db }, a, [...events, events[0]!])).toMatchObject({ inserted: 0, duplicates: 5, fresh: [] });
    const listed = await listEvents({ db }, a);
    expect(listed.map((e) => e.userName)).toEqual(["bob", "alice", "alice", "old"]);
    expect(listed[2]).toMatchObject({ action: "login", outcome: "failure", sourceIp: "203.0.113.7", receiver: "ndjson" });
    expect(listed[2]!.doc).toMatchObject({ user: { name: "alice" }, original: { src_ip: "203.0.113.7" } });
  });

  it("filters by time, user and ip, and never crosses tenants", async () => {
    await storeEvents({ db }, b, parse(b, [lines[0]!]));
    const from = new Date("2026-11-27T10:00:00Z");
    const to = new Date("2026-11-27T10:01:00Z");
    expect((await listEvents({ db }, a, { from, to })).map((e) => e.outcome)).toEqual(["success", "failure"]);
    expect(await listEvents({ db }, a, { userName: "bob" })).toHaveLength(1);
    expect(await listEvents({ db }, b, { sourceIp: "203.0.113.7" })).toHaveLength(1);
    expect((await listEvents({ db }, b)).every((e) => e.userName === "alice")).toBe(true);
    await expect(listEvents({ db }, a, { limit: 10_000 })).rejects.toBeInstanceOf(AppError);
  });

  it("builds a zero-filled histogram with failures", async () => {
    const buckets = await eventHistogram({ db }, a, {
      from: new Date("2026-11-27T10:00:00Z"), to: new Date("2026-11-27T10:04:00Z"), bucketSeconds: 60,
    });
    expect(buckets).toEqual([
      { start: "2026-11-27T10:00:00.000Z", count: 2, failures: 1 },
      { start: "2026-11-27T10:01:00.000Z", count: 0, failures: 0 },
      { start: "2026-11-27T10:02:00.000Z", count: 0, failures: 0 },
      { start: "2026-11-27T10:03:00.000Z", count: 1, failures: 0 },
    ]);
    const other = await eventHistogram({ db }, b, { from: new Date("2026-11-27T10:00:00Z"), to: new Date("2026-11-27T10:04:00Z"), bucketSeconds: 240 });
    expect(other).toEqual([{ start: "2026-11-27T10:00:00.000Z", count: 1, failures: 1 }]);
  });

  it("rejects histogram ranges it cannot answer", async () => {
    const from = new Date("2026-11-27T00:00:00Z");
    await expect(eventHistogram({ db }, a, { from, to: from, bucketSeconds: 60 })).rejects.toThrow("to must be after from");
    await expect(eventHistogram({ db }, a, { from, to: new Date("2026-12-27T00:00:00Z"), bucketSeconds: 1 })).rejects.toThrow(/at most 2000/);
    await expect(eventHistogram({ db }, a, { from, to: new Date("2026-11-28T00:00:00Z"), bucketSeconds: 0.5 })).rejects.toThrow(/positive integer/);
  });

  it("stores a batch larger than one statement in one transaction", async () => {
    const many = Array.from({ length: 12_001 }, (_, i) => ({ "@timestamp": "2026-11-26T08:00:00Z", seq: i, user: "bulk" }));
    const events = parse(b, many);
    expect(await storeEvents({ db }, b, events)).toMatchObject({ inserted: 12_001, duplicates: 0 });
    expect(await storeEvents({ db }, b, events)).toMatchObject({ inserted: 0, duplicates: 12_001 });
    const [bucket] = await eventHistogram({ db }, b, { from: new Date("2026-11-26T08:00:00Z"), to: new Date("2026-11-26T08:01:00Z"), bucketSeconds: 60 });
    expect(bucket!.count).toBe(12_001);
  });

  it("keeps dead letters raw with the reason, per tenant", async () => {
    expect(await storeDeadLetters({ db }, a, [{ receiver: "ndjson", reason: "line 2: bad", raw: "{oops" }])).toBe(1);
    const mine = await listDeadLetters({ db }, a);
    const theirs = await listDeadLetters({ db }, b, { limit: 10 });
    expect(mine.map((d) => [d.reason, d.raw])).toEqual([["line 2: bad", "{oops"]]);
    expect(theirs).toEqual([]);
  });

  it("summarizes dead letters per hour, receiver and reason, and pages through them, per tenant", async () => {
    const now = new Date("2026-11-29T12:30:00Z");
    const letters = [
      { receiver: "syslog", reason: "line 1: unrecognized format (column 1)", raw: "garbage-1" },
      { receiver: "syslog", reason: "line 7: unrecognized format (column 1)", raw: "garbage-2" },
      { receiver: "hec", reason: "event 3: truncated JSON", raw: '{"event":' },
      { receiver: "bulk", reason: "line 4: not a JSON object", raw: "[1]" },
    ];
    const c = (await signUp({ db }, { email: "ev-c@c.test", password: "password-cccc", name: "C", organizationName: "Events C" })).tenant.id;
    await storeDeadLetters({ db }, c, letters);
    // Received at 12:10, 12:20, 10:05 today and two days ago.
    const at = ["2026-11-29T12:10:00Z", "2026-11-29T12:20:00Z", "2026-11-29T10:05:00Z", "2026-11-27T09:00:00Z"];
    await db.withTenant(c, async (tx) => {
      for (const [i, l] of letters.entries()) await tx.deadLetter.updateMany({ where: { tenantId: c, raw: l.raw }, data: { receivedAt: new Date(at[i]!) } });
    });
    const summary = await deadLetterSummary({ db }, c, { hours: 24, now });
    expect(summary).toMatchObject({ since: new Date("2026-11-28T13:00:00Z"), total: 3, byReceiver: [{ receiver: "syslog", count: 2 }, { receiver: "hec", count: 1 }] });
    expect(summary.hourly).toHaveLength(24);
    expect(summary.hourly.filter((h) => h.count > 0)).toEqual([{ hour: new Date("2026-11-29T10:00:00Z"), count: 1 }, { hour: new Date("2026-11-29T12:00:00Z"), count: 2 }]);
    expect(summary.topReasons).toEqual([
      { reason: "unrecognized format", count: 2, lastSeen: new Date("2026-11-29T12:20:00Z") },
      { reason: "truncated JSON", count: 1, lastSeen: new Date("2026-11-29T10:05:00Z") },
    ]);
    expect((await deadLetterSummary({ db }, c, { hours: 72, now })).total).toBe(4);

    const first = await listDeadLetters({ db }, c, { limit: 2 });
    expect(first.map((d) => d.raw)).toEqual(["garbage-2", "garbage-1"]);
    const last = first[first.length - 1]!;
    const next = await listDeadLetters({ db }, c, { limit: 2, before: { receivedAt: last.receivedAt, id: last.id } });
    expect(next.map((d) => d.raw)).toEqual(['{"event":', "[1]"]);
    expect((await listDeadLetters({ db }, c, { receiver: "syslog" })).map((d) => d.raw)).toEqual(["garbage-2", "garbage-1"]);

    // Another tenant sees none of it.
    expect((await deadLetterSummary({ db }, b, { hours: 72, now })).total).toBe(0);
    expect(await listDeadLetters({ db }, b, { receiver: "syslog" })).toEqual([]);
    await expect(deadLetterSummary({ db }, c, { hours: 0 })).rejects.toThrow(/hours must be an integer from 1 to 720/);
    await expect(listDeadLetters({ db }, c, { limit: 500 })).rejects.toThrow(/limit must be an integer from 1 to 200/);
  });
});
