// The COPY store writer against PostgreSQL (role vigil_app, RLS on): replays store nothing twice,
// dead letters included; escaping survives the COPY text format; a second tenant sees nothing.
import { randomUUID } from "node:crypto";
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { ndjsonParser } from "@vigil/parsers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import { copyField, copyIngestBatch } from "./copy-writer";
import { listDeadLetters, listEvents, storeIngestBatch } from "./index";

let tdb: TestDatabase;
let db: Db;
let a: string;
let b: string;

const parse = (tenantId: string, lines: object[]) =>
  ndjsonParser.parse(lines.map((l) => JSON.stringify(l)).join("\n"), { tenantId, receivedAt: new Date("2026-11-27T12:00:00Z") }).events;

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 3 });
  a = (await signUp({ db }, { email: "cw-a@a.test", password: "password-aaaa", name: "A", organizationName: "Copy A" })).tenant.id;
  b = (await signUp({ db }, { email: "cw-b@b.test", password: "password-bbbb", name: "B", organizationName: "Copy B" })).tenant.id;
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("copyField", () => {
  it("escapes what the COPY text format treats specially", () => {
    expect(copyField("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(copyField(null)).toBe("\\N");
    expect(copyField(undefined)).toBe("\\N");
    expect(copyField("plain")).toBe("plain");
    expect(copyField("x\u0000y")).toBe("xy");
  });
});

describe("copyIngestBatch", () => {
  it("stores a batch once: a replay writes no event and no dead letter twice", async () => {
    const events = parse(a, [
      { "@timestamp": "2026-11-27T10:00:00Z", user: "alice", msg: "tab\there\nnew line \\ backslash \"quoted\" ünïcødé" },
      { "@timestamp": "2026-11-27T10:00:01Z", user: "bob", action: "login", outcome: "failure", src_ip: "198.51.100.4" },
      { "@timestamp": "2019-01-01T00:00:00Z", user: "old" },
    ]);
    const deadLetters = [{ id: randomUUID(), receiver: "ndjson", reason: "line 4: bad", raw: "{oops\tx" }];
    const first = await copyIngestBatch({ db }, a, { events, deadLetters });
    expect(first).toMatchObject({ inserted: 3, duplicates: 0, deadLetters: 1 });
    expect(first.fresh.map((e) => e.id)).toEqual(events.map((e) => e.id));
    const replay = await copyIngestBatch({ db }, a, { events, deadLetters });
    expect(replay).toMatchObject({ inserted: 0, duplicates: 3, deadLetters: 0, fresh: [] });
    const stored = await listEvents({ db }, a, { limit: 50 });
    expect(stored).toHaveLength(3);
    const alice = stored.find((e) => e.userName === "alice");
    expect(alice?.raw).toBe(events[0]!.raw);
    expect(stored.find((e) => e.userName === "bob")).toMatchObject({ action: "login", outcome: "failure", sourceIp: "198.51.100.4", receiver: "ndjson" });
    expect((await listDeadLetters({ db }, a)).map((d) => d.raw)).toEqual(["{oops\tx"]);
  });

  it("agrees with the unnest writer: events stored by one are duplicates for the other", async () => {
    const events = parse(a, [{ "@timestamp": "2026-11-27T11:00:00Z", user: "carol" }, { "@timestamp": "2026-11-27T11:00:01Z", user: "dave" }]);
    await storeIngestBatch({ db }, a, { events: events.slice(0, 1), deadLetters: [] });
    const mixed = await copyIngestBatch({ db }, a, { events, deadLetters: [] });
    expect(mixed.fresh.map((e) => e.user?.name)).toEqual(["dave"]);
    expect(mixed.duplicates).toBe(1);
  });

  it("handles repeats inside one batch and batches larger than one COPY chunk", async () => {
    const many = parse(b, Array.from({ length: 2_345 }, (_, i) => ({ "@timestamp": "2026-11-26T08:00:00Z", seq: i, user: "bulk" })));
    const result = await copyIngestBatch({ db }, b, { events: [...many, many[0]!], deadLetters: [] });
    expect(result).toMatchObject({ inserted: 2_345, duplicates: 1 });
    expect(await copyIngestBatch({ db }, b, { events: many, deadLetters: [] })).toMatchObject({ inserted: 0, duplicates: 2_345 });
  });

  it("keeps tenants apart: the second tenant sees none of the first's rows, and RLS refuses foreign rows", async () => {
    const bEvents = await listEvents({ db }, b, { limit: 500 });
    expect(bEvents.every((e) => e.userName === "bulk")).toBe(true);
    expect(await listDeadLetters({ db }, b)).toEqual([]);
    // An event parsed for tenant a but written under tenant b's context lands as b's row (tenant_id
    // comes from the transaction, never from the payload), and a's listing does not show it.
    const foreign = parse(a, [{ "@timestamp": "2026-11-27T12:30:00Z", user: "mallory" }]);
    await copyIngestBatch({ db }, b, { events: foreign, deadLetters: [] });
    expect((await listEvents({ db }, a, { limit: 50 })).some((e) => e.userName === "mallory")).toBe(false);
  });

  it("rolls back the whole batch when one row is invalid", async () => {
    const events = parse(a, [{ "@timestamp": "2026-11-27T13:00:00Z", user: "ok" }]);
    const broken = { ...events[0]!, id: "broken", "@timestamp": "not a time" };
    await expect(copyIngestBatch({ db }, a, { events: [...events, broken], deadLetters: [] })).rejects.toThrow();
    expect((await listEvents({ db }, a, { limit: 50 })).some((e) => e.userName === "ok")).toBe(false);
    // The connection is usable again (the staging table was emptied by the rollback).
    expect(await copyIngestBatch({ db }, a, { events, deadLetters: [] })).toMatchObject({ inserted: 1 });
  });
});
