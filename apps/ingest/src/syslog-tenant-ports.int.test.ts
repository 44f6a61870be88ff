// Per-tenant syslog ports through the real ingest process (main.ts, VIGIL_SYSLOG_TENANT_PORTS) and
// logger(1): plain RFC 3164 messages, which carry no token, land with the tenant of the port they
// were sent to; a message that names a token still goes to that token's tenant.
import { randomUUID } from "node:crypto";
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { signUp } from "@vigil/services/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestProcess } from "./testing/processes";
import { freePort, startIngest } from "./testing/processes";
import { run, waitFor } from "./testing/syslog";

let tdb: TestDatabase;
let db: Db;
let admin: Db;
let ingest: IngestProcess | undefined;
const tenants: { tenantId: string; token: string }[] = [];
const ports = { a: 0, b: 0 };

const rowsWith = async (marker: string) =>
  (await admin.pool.query<{ tenant_id: string; raw: string }>("select tenant_id, raw from events where raw like $1", [`%${marker}%`])).rows;

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 2 });
  admin = createDb({ url: tdb.adminUrl, max: 1 });
  for (const label of ["a", "b"]) {
    const account = await signUp({ db }, { email: `ports-${label}@example.test`, password: `password-${label}-1234`, name: label, organizationName: `Ports ${label}` });
    tenants.push({ tenantId: account.tenant.id, token: account.ingestToken.plaintext });
  }
  [ports.a, ports.b] = [await freePort(), await freePort()];
  ingest = await startIngest({
    PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root", DATABASE_URL: tdb.appUrl, DATABASE_ADMIN_URL: tdb.adminUrl,
    VIGIL_SYSLOG_TENANT_PORTS: `udp:${ports.a}=${tenants[0]!.token},tcp:${ports.b}=${tenants[1]!.token}`,
  });
}, 90_000);
afterAll(async () => {
  await ingest?.kill("SIGTERM");
  await db?.close();
  await admin?.close();
  await tdb?.drop();
});

describe("per-tenant syslog ports", () => {
  it("gives each port's plain messages to its tenant, and a token-carrying message to the token's", async () => {
    const m = `m-${randomUUID().slice(0, 8)}`;
    const [a, b] = tenants as [{ tenantId: string; token: string }, { tenantId: string; token: string }];
    await run("logger", ["--udp", "--server", "127.0.0.1", "--port", String(ports.a), "--rfc3164", "-t", "sshd", `Failed password for root from 203.0.113.70 port 22 ssh2 ${m}-one`]);
    await run("logger", ["--tcp", "--server", "127.0.0.1", "--port", String(ports.b), "--rfc3164", "-t", "cron", `plain ${m}-two`]);
    await run("logger", ["--udp", "--server", "127.0.0.1", "--port", String(ports.a), "--rfc5424", "--sd-id", "vigil@32473", "--sd-param", `token="${b.token}"`, "-t", "app", `named ${m}-three`]);
    const rows = await waitFor(() => rowsWith(m), (r) => r.length >= 3, 20_000);
    const owner = (suffix: string) => rows.filter((r) => r.raw.includes(`${m}-${suffix}`)).map((r) => r.tenant_id);
    expect(owner("one")).toEqual([a.tenantId]);
    expect(owner("two")).toEqual([b.tenantId]);
    expect(owner("three")).toEqual([b.tenantId]);
    expect(ingest?.output()).toMatch(new RegExp(`syslog-udp listening on 127\\.0\\.0\\.1:${ports.a}`));
    expect(ingest?.output()).not.toContain(a.token);
  });
});
