// Re-processing rejected records against PostgreSQL: pages oldest first, what parses now is stored
// (audit records joined, identical lines kept apart) with a detection outbox row and leaves the
// dead letters, the rest stays; replays store nothing twice; other tenants are untouched.
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../accounts/signUp";
import type { TenantContext } from "../context";
import { listDeadLetters, listEvents, reprocessDeadLetters } from "./index";
import type { ReprocessCursor, ReprocessResult } from "./index";

let tdb: TestDatabase;
let db: Db;
let a: string;
let b: string;

const SSHD = "Nov 29 10:00:01 web-01 sshd[411]: Failed password for root from 203.0.113.9 port 4242 ssh2";
const SYSCALL = 'type=SYSCALL msg=audit(1795946009.000:7700): arch=c000003e syscall=59 success=yes exit=0 ppid=3300 pid=3301 uid=1000 comm="base64" exe="/usr/bin/base64"';
const EXECVE = 'type=EXECVE msg=audit(1795946009.000:7700): argc=2 a0="base64" a1="-d"';
const BULK = '{"@timestamp":"2026-11-29T10:00:02Z","message":"Accepted password for alice from 198.51.100.7 port 50022 ssh2","process":{"name":"sshd"}}';

async function reject(tenantId: string, letters: [receiver: string, raw: string][], start = Date.parse("2026-11-29T10:00:00Z")): Promise<void> {
  await db.withTenant(tenantId, (tx) => tx.deadLetter.createMany({
    data: letters.map(([receiver, raw], i) => ({ tenantId, receiver, raw, reason: "unrecognized format (an older Vigil)", receivedAt: new Date(start + i * 1000) })),
  }));
}

/** Every page until the last, as the portal runs them. */
async function reprocessAll(ctx: TenantContext, limit: number): Promise<{ pages: ReprocessResult[]; total: Omit<ReprocessResult, "next" | "remaining"> }> {
  const pages: ReprocessResult[] = [];
  let after: ReprocessCursor | null = null;
  do {
    const page: ReprocessResult = await reprocessDeadLetters({ db }, ctx, { after, limit });
    pages.push(page);
    after = page.next;
  } while (after);
  const sum = (k: "examined" | "stored" | "alreadyStored" | "stillRejected") => pages.reduce((n, p) => n + p[k], 0);
  return { pages, total: { examined: sum("examined"), stored: sum("stored"), alreadyStored: sum("alreadyStored"), stillRejected: sum("stillRejected") } };
}

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 3 });
  a = (await signUp({ db }, { email: "rp-a@a.test", password: "password-aaaa", name: "A", organizationName: "Reprocess A" })).tenant.id;
  b = (await signUp({ db }, { email: "rp-b@b.test", password: "password-bbbb", name: "B", organizationName: "Reprocess B" })).tenant.id;
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("reprocessDeadLetters", () => {
  const analyst = (tenantId: string): TenantContext => ({ tenantId, role: "ANALYST", email: "analyst@a.test" });

  it("stores what the current parsers accept, page by page, keeps the rest, and leaves other tenants alone", async () => {
    await reject(a, [
      ["syslog", SSHD], ["syslog", SSHD], ["syslog", "\u0001\u0002 still not a log line"], ["hec", '{"event":'], ["hec-raw", `${SSHD} ${"x".repeat(70_000)}`],
      ["hec-raw", SYSCALL], ["hec-raw", EXECVE], ["bulk", BULK],
    ]);
    await reject(b, [["syslog", SSHD]]);
    const { pages, total } = await reprocessAll(analyst(a), 3);
    // The HEC envelope is not re-parsed (its JSON is broken), nor the 70 KB line; the 6 others are, 3 per page.
    expect(total).toEqual({ examined: 6, stored: 5, alreadyStored: 0, stillRejected: 1 });
    expect(pages.map((p) => [p.examined, p.remaining])).toEqual([[3, 3], [3, 0], [0, 0]]);

    const events = await listEvents({ db }, a, { limit: 50 });
    // Two identical failed logins in one page are two attempts (the same line rejected twice).
    expect(events.filter((e) => e.raw === SSHD)).toHaveLength(2);
    expect(new Set(events.filter((e) => e.raw === SSHD).map((e) => e.id)).size).toBe(2);
    expect(events.find((e) => e.raw === SSHD)).toMatchObject({ receiver: "syslog", host: "web-01", userName: "root", outcome: "failure" });
    // The EXECVE record re-processed with its SYSCALL record, in one page here.
    const execve = events.find((e) => e.raw === EXECVE);
    expect(execve?.doc).toMatchObject({ event: { category: "process", type: "start" }, original: { Image: "/usr/bin/base64", CommandLine: "base64 -d" } });
    expect(events.find((e) => e.raw === BULK)).toMatchObject({ receiver: "bulk", userName: "alice", outcome: "success" });

    const left = await listDeadLetters({ db }, a);
    expect(left.map((d) => d.receiver).sort()).toEqual(["hec", "hec-raw", "syslog"]);
    expect(left.find((d) => d.receiver === "syslog")?.raw).toContain("still not a log line");
    // Detection: the stored events wait in the outbox for an ingest process's recovery sweep.
    const outbox = await db.withTenantClient(a, async (c) => (await c.query<{ owner: string; n: number }>("select owner, cardinality(event_ids) as n from detection_outbox order by id")).rows);
    expect(outbox).toEqual([{ owner: "reprocess", n: 2 }, { owner: "reprocess", n: 3 }]);
    const audit = await db.withTenant(a, (tx) => tx.auditLog.findMany({ where: { action: "dead_letters.reprocess" }, orderBy: { createdAt: "asc" } }));
    expect(audit.map((r) => r.details)).toEqual([
      { examined: 3, stored: 2, alreadyStored: 0, stillRejected: 1 },
      { examined: 3, stored: 3, alreadyStored: 0, stillRejected: 0 },
    ]);

    // Tenant B: its dead letter untouched, no event.
    expect((await listDeadLetters({ db }, b)).map((d) => d.raw)).toEqual([SSHD]);
    expect(await listEvents({ db }, b, { limit: 5 })).toEqual([]);
  });

  it("stores nothing twice: a record stored since is removed as already stored", async () => {
    // The same line (its own timestamp): alone in its page, the same event id as the first one stored above.
    await reject(a, [["syslog", SSHD]], Date.parse("2026-11-29T11:00:00Z"));
    const { total } = await reprocessAll(analyst(a), 100);
    expect(total).toEqual({ examined: 2, stored: 0, alreadyStored: 1, stillRejected: 1 });
    expect((await listEvents({ db }, a, { limit: 50 })).filter((e) => e.raw === SSHD)).toHaveLength(2);
    expect((await listDeadLetters({ db }, a)).map((d) => d.receiver).sort()).toEqual(["hec", "hec-raw", "syslog"]);
  });

  it("refuses viewers and bad page sizes", async () => {
    await expect(reprocessDeadLetters({ db }, { tenantId: a, role: "VIEWER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(reprocessDeadLetters({ db }, analyst(a), { limit: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^limit must be/) });
    await expect(reprocessDeadLetters({ db }, analyst(a), { limit: 1001 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
