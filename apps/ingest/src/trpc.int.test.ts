// tRPC `ingest.push` over real HTTP with the typed client, against a real migrated PostgreSQL
// (RLS on, role vigil_app), the in-process event log and the detection pipeline.
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { listEvents } from "@vigil/services/events";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestRouter } from "./routes/trpc";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";

let h: Harness;
let base: string;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };

const client = (token?: string) =>
  createTRPCClient<IngestRouter>({ links: [httpLink({ url: `${base}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })] });
const events = (tenantId: string) => listEvents({ db: h.db }, tenantId, { limit: 500 });
const deadLetters = (tenantId: string) => h.db.withTenant(tenantId, (tx) => tx.deadLetter.findMany({ where: { tenantId } }));

async function failure(call: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return { code: (error.data as { code?: string } | undefined)?.code, message: error.message };
    throw error;
  }
  throw new Error("the call succeeded");
}

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env), { maxBodyBytes: 256 * 1024 });
  base = await h.app.listen({ host: "127.0.0.1", port: 0 });
  a = await h.createTenant();
  b = await h.createTenant();
});
afterAll(async () => {
  await h?.close();
});

describe("tRPC ingest.push", () => {
  it("stores typed events and raw lines for the token's tenant only", async () => {
    const result = await client(a.token).ingest.push.mutate({
      events: [
        { "@timestamp": "2026-11-27T10:00:00Z", event: { action: "logon", outcome: "failure" }, user: { name: "trpc-alice" }, source: { ip: "203.0.113.5" } },
        { "@timestamp": "2026-11-27T10:00:01Z", message: "hello from tRPC", host: { name: "app-1" } },
      ],
      lines: ["<34>1 2026-11-27T10:00:02Z web-1 sshd 4242 - - Failed password for invalid user trpc-bob from 198.51.100.7 port 22 ssh2"],
      host: "pushed-host",
    });
    expect(result).toMatchObject({ accepted: 3, rejected: 0, errors: [] });
    const stored = await events(a.tenantId);
    expect(stored).toHaveLength(3);
    expect(stored.map((e) => e.userName).sort()).toEqual(["trpc-alice", "trpc-bob", null].sort());
    expect(await events(b.tenantId)).toHaveLength(0);
  });

  it("replays store nothing twice", async () => {
    const input = { events: [{ "@timestamp": "2026-11-27T11:00:00Z", message: "once only" }] };
    await client(a.token).ingest.push.mutate(input);
    const again = await client(a.token).ingest.push.mutate(input);
    expect(again).toMatchObject({ accepted: 1, duplicates: 1 });
    expect((await events(a.tenantId)).filter((e) => e.raw.includes("once only"))).toHaveLength(1);
  });

  it("dead-letters bad lines with their position and keeps the good ones", async () => {
    const result = await client(b.token).ingest.push.mutate({ lines: ["<13>Nov 27 10:00:00 host1 app: fine", "CEF:0|broken"], format: "auto" });
    expect(result.accepted).toBe(1);
    expect(result.rejected).toBe(1);
    expect(result.errors[0]).toMatch(/^lines .*2/);
    expect(await deadLetters(b.tenantId)).toHaveLength(1);
    expect(await deadLetters(a.tenantId)).toHaveLength(0);
  });

  it("refuses a missing or unknown token and malformed input, saying what and where", async () => {
    expect(await failure(client().ingest.push.mutate({ events: [{ message: "x" }] }))).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await failure(client("vgl_nope").ingest.push.mutate({ events: [{ message: "x" }] }))).toMatchObject({ code: "UNAUTHORIZED", message: expect.stringMatching(/token/i) });
    expect(await failure(client(a.token).ingest.push.mutate({}))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at least one") });
    expect(await failure(client(a.token).ingest.push.mutate({ lines: ["a\nb"] }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("CR or LF") });
    expect(await failure(client(a.token).ingest.push.mutate({ lines: ["x"], format: "klingon" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("unknown format") });
    const raw = await fetch(`${base}/trpc/ingest.push`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${a.token}` }, body: "{not json" });
    expect(raw.status).toBe(400);
  });
});
