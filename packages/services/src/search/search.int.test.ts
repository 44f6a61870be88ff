// Search against PostgreSQL: every operator matching and not matching, keyset pages, RLS isolation.
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import type { VigilEvent } from "@vigil/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import { storeEvents } from "../events";
import { searchEvents, searchHistogram } from "./index";

let tdb: TestDatabase;
let db: Db;
let a: string;
let b: string;
const from = new Date("2026-11-27T10:00:00Z");
const to = new Date("2026-11-27T11:00:00Z");

function event(key: string, minute: number, fields: Partial<VigilEvent>): VigilEvent {
  const raw = `${key} ${fields.message ?? ""}`;
  return {
    id: key.padEnd(8, "0"),
    "@timestamp": new Date(from.getTime() + minute * 60_000).toISOString(),
    event: {},
    vigil: { receiver: "trpc" },
    original: { key },
    raw,
    ...fields,
  };
}

const fixtures = [
  event("e1", 1, { user: { name: "alice" }, event: { action: "login", outcome: "failure" }, source: { ip: "10.1.2.3", port: 51000 }, host: { name: "web-1" }, message: "Failed password for alice" }),
  event("e2", 2, { user: { name: "alice" }, event: { action: "login", outcome: "success" }, source: { ip: "192.168.1.9" }, host: { name: "web-2" }, message: "Accepted password for alice" }),
  event("e3", 3, { user: { name: "bob" }, event: { action: "login", outcome: "failure" }, source: { ip: "10.200.0.1" }, host: { name: "db-1" }, message: "Failed password for bob" }),
  event("e4", 4, { user: { name: "albert" }, event: { action: "file_read", outcome: "success" }, network: { bytes: 1000 }, source: { ip: "fe80::1" }, host: { name: "fs-1" } }),
  event("e5", 5, { event: { action: "transfer" }, network: { bytes: 5000 }, source: { ip: "not-an-ip" }, host: { name: "fs-1" }, message: "DROP TABLE events" }),
  event("e6", 6, { event: { action: "transfer" }, network: { bytes: 7000 }, host: { name: "fs-2" }, process: { name: "cmd.exe", pid: 42 } }),
];

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 3 });
  a = (await signUp({ db }, { email: "s-a@a.test", password: "password-aaaa", name: "A", organizationName: "Search A" })).tenant.id;
  b = (await signUp({ db }, { email: "s-b@b.test", password: "password-bbbb", name: "B", organizationName: "Search B" })).tenant.id;
  await storeEvents({ db }, a, fixtures);
  await storeEvents({ db }, b, [event("b1", 1, { user: { name: "alice" }, event: { action: "login", outcome: "failure" }, source: { ip: "10.1.2.3" } })]);
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

const keys = async (query: string, tenant = a) =>
  (await searchEvents({ db }, tenant, { query, from, to, limit: 100 })).events.map((e) => (e.doc as { original: { key: string } }).original.key).sort();

describe("searchEvents", () => {
  it.each([
    ["user.name:alice", ["e1", "e2"]],
    ["user.name:al*", ["e1", "e2", "e4"]],
    ["user.name:al?ce", ["e1", "e2"]],
    ["user.name:ALICE", []],
    ['message:"password for alice"', ["e1", "e2"]],
    ['"failed password"', ["e1", "e3"]],
    ["FAILED", ["e1", "e3"]],
    ["user.name:alice AND event.outcome:failure", ["e1"]],
    ["user.name:alice event.outcome:failure", ["e1"]],
    ["user.name:bob OR host:fs-2", ["e3", "e6"]],
    ["NOT user.name:alice", ["e3", "e4", "e5", "e6"]],
    ["event.action:login AND NOT (user.name:bob OR host:web-2)", ["e1"]],
    ["event.outcome:failure OR event.action:transfer AND bytes:>6000", ["e1", "e3", "e6"]],
    ["bytes:[1000 TO 5000]", ["e4", "e5"]],
    ["bytes:{1000 TO 5000]", ["e5"]],
    ["bytes:>=5000", ["e5", "e6"]],
    ["bytes:7000", ["e6"]],
    ["source.ip:10.0.0.0/8", ["e1", "e3"]],
    ["source.ip:10.1.2.3", ["e1"]],
    ["source.ip:[10.1.0.0 TO 10.100.0.0]", ["e1"]],
    ["source.ip:fe80::/10", ["e4"]],
    ["source.port:51000", ["e1"]],
    ["process.name:cmd.exe AND process.pid:42", ["e6"]],
    ["original.key:e5", ["e5"]],
    ["network.bytes:*", ["e4", "e5", "e6"]],
    ["@timestamp:[2026-11-27T10:02:00Z TO 2026-11-27T10:03:00Z]", ["e2", "e3"]],
    ["*", ["e1", "e2", "e3", "e4", "e5", "e6"]],
    ["", ["e1", "e2", "e3", "e4", "e5", "e6"]],
  ])("%s", async (query, expected) => {
    expect(await keys(query)).toEqual(expected);
  });

  it("keeps hostile values as data", async () => {
    expect(await keys(`user.name:"alice' OR '1'='1"`)).toEqual([]);
    expect(await keys(`"DROP TABLE events"`)).toEqual(["e5"]);
    expect(await keys(`host:"x'); drop table events; --"`)).toEqual([]);
    expect(await keys("*")).toHaveLength(6);
  });

  it("answers a bad query with BAD_REQUEST, the message and the position", async () => {
    await expect(searchEvents({ db }, a, { query: "user.name: alice", from, to })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'position 11: expected a value after "user.name:"',
      details: { position: 11 },
    });
    await expect(searchEvents({ db }, a, { query: "x", from, to, cursor: "garbage" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("never returns another tenant's events, even for *", async () => {
    expect(await keys("*", b)).toEqual(["b1"]);
    expect(await keys("user.name:alice AND event.outcome:failure", b)).toEqual(["b1"]);
    expect(await keys("original.key:b1")).toEqual([]);
  });

  it("skips stored addresses that are not IPs instead of failing the query", async () => {
    const junk = [":::", "1.2.3", "fe80::1::2", "300.1.1.1", "1:2:3:4:5:6:7:8:9", "::ffff:zz", "10.9.9.9", "2001:db8::7"];
    await storeEvents({ db }, a, junk.map((ip, i) => event(`j${i}`, 50, { source: { ip }, event: { action: "junk" } })));
    const window = { from: new Date("2026-11-27T10:50:00Z"), to };
    const ips = async (query: string) =>
      (await searchEvents({ db }, a, { query: `event.action:junk AND (${query})`, ...window })).events.map((e) => e.sourceIp).sort();
    expect(await ips("source.ip:0.0.0.0/0 OR source.ip:::/0")).toEqual(["10.9.9.9", "2001:db8::7"]);
    expect(await ips("source.ip:[2001:db8:: TO 2001:db8::ffff]")).toEqual(["2001:db8::7"]);
  });

  it("pages by (ts desc, id) without duplicates or gaps, ties included", async () => {
    const many = Array.from({ length: 53 }, (_, i) => event(`p${String(i).padStart(2, "0")}`, 30 + (i % 4), { event: { action: "page" } }));
    await storeEvents({ db }, a, many);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof searchEvents>> = await searchEvents({ db }, a, { query: "event.action:page", from, to, limit: 7, cursor });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    const all = (await searchEvents({ db }, a, { query: "event.action:page", from, to, limit: 500 })).events.map((e) => e.id);
    expect(pages).toBe(8);
    expect(new Set(seen).size).toBe(53);
    expect(seen).toEqual(all);
  });
});

describe("searchHistogram", () => {
  it("counts matching events per bucket, zero-filled, per tenant", async () => {
    const result = await searchHistogram({ db }, a, { query: "event.action:login", from, to: new Date("2026-11-27T10:10:00Z"), buckets: 5 });
    expect(result.bucketSeconds).toBe(120);
    expect(result.total).toBe(3);
    expect(result.buckets.map((x) => [x.count, x.failures])).toEqual([[1, 1], [2, 1], [0, 0], [0, 0], [0, 0]]);
    const other = await searchHistogram({ db }, b, { query: "*", from, to, buckets: 1 });
    expect(other.total).toBe(1);
  });
});
