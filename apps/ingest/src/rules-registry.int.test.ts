// Per-tenant rule sets on the stream, against a real PostgreSQL: a tenant's imported and
// overridden rule fires for that tenant only, an MSSP-level disable reaches all the MSSP's
// tenants and no other organization's, tenants with equal rule sets share one engine, and a
// change is picked up by polling, without a restart; SigmaHQ web and Linux rules see only the
// sources they are written for (the vigil pipeline), on events parsed as ingest parses them.
import { randomUUID } from "node:crypto";
import { createDb } from "@vigil/db";
import type { Db } from "@vigil/db";
import { createTestDatabase, testDatabaseUrls } from "@vigil/db/testing";
import type { TestDatabase } from "@vigil/db/testing";
import { parseAny } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";
import { readFileSync } from "node:fs";
import { signUp } from "@vigil/services/accounts";
import { storeEvents } from "@vigil/services/events";
import { importRulePack, overrideRule, setDetectionList, setRuleEnabled } from "@vigil/services/rules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineLogger } from "./pipeline";
import { DetectionPipeline } from "./pipeline";
import { RulesRegistry } from "./rules-registry";

const TEST_RULE = `title: Client one failed VPN logon
id: 3f1d1f7e-5f0e-4a57-9c5e-1f0e9d7c0a11
logsource:
  product: vpn
detection:
  selection:
    event.action: vpn-logon
    event.outcome: failure
  condition: selection
level: low
`;
const JUMP_HOST_RULE = `title: Logon to a jump server
id: 4b2c7a9e-1d3f-4e5a-8b6c-2d1e0f9a8b77
logsource:
  product: linux
detection:
  selection:
    event.action: user-login
    host.name|expand: '%JumpServers%'
  condition: selection
level: medium
`;
const SENSITIVE = "Access to a confidential or finance file";
const SENSITIVE_ID = "58a65f58-baa4-47a7-b2d1-c09934341304";

let tdb: TestDatabase;
let db: Db;
const ids = { org: "", t1: "", t2: "", other: "", orgAdmin: "" };
const logged: string[] = [];
const log: PipelineLogger = { info: (_o, msg) => logged.push(msg ?? ""), error: (o, msg) => logged.push(`${msg ?? ""} ${JSON.stringify(o)}`) };

let n = 0;
function event(fields: Partial<VigilEvent>): VigilEvent {
  const raw = `e${++n}-${randomUUID()}`;
  return { id: raw, "@timestamp": new Date(Date.now() - 60_000 + n).toISOString(), event: {}, vigil: { receiver: "ndjson" }, original: {}, raw, ...fields };
}
const vpnFailure = () => event({ event: { action: "vpn-logon", outcome: "failure" }, user: { name: "alice" } });
const payroll = () => event({ event: { action: "file-read", outcome: "success" }, user: { name: "bob" }, file: { path: "/srv/confidential/payroll.xlsx" } });

const alerts = (tenantId: string) =>
  db.withTenant(tenantId, (tx) => tx.alert.findMany({ where: { tenantId }, select: { ruleTitle: true, severity: true }, orderBy: { firstSeen: "asc" } }));
const titles = async (tenantId: string) => (await alerts(tenantId)).map((a) => a.ruleTitle);

beforeAll(async () => {
  tdb = await createTestDatabase(testDatabaseUrls(process.env));
  db = createDb({ url: tdb.appUrl, max: 4 });
  const other = await signUp({ db }, { email: "soc@other.test", password: "other-password-1", name: "O", organizationName: "Other Co" });
  ids.other = other.tenant.id;
  const [t1, t2] = [randomUUID(), randomUUID()];
  await db.withTenant([t1, t2], async (tx) => {
    const org = await tx.organization.create({ data: { name: "Shield MSSP", kind: "MSSP" } });
    await tx.tenant.create({ data: { id: t1, organizationId: org.id, name: "Client One", slug: "reg-client-one" } });
    await tx.tenant.create({ data: { id: t2, organizationId: org.id, name: "Client Two", slug: "reg-client-two" } });
    const admin = await tx.user.create({ data: { email: "admin@shield.test", name: "Admin", passwordHash: "x" } });
    await tx.membership.create({ data: { userId: admin.id, organizationId: org.id, tenantId: null, role: "ADMIN" } });
    Object.assign(ids, { org: org.id, t1, t2, orgAdmin: admin.id });
  });
}, 60_000);
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

describe("per-tenant rule sets on the stream", { timeout: 60_000 }, () => {
  it("fires the tenant's imported, overridden rule for that tenant only; equal sets share an engine", async () => {
    const admin = { tenantId: ids.t1, userId: ids.orgAdmin, role: "ADMIN" as const, email: "admin@shield.test" };
    await importRulePack({ db }, admin, { scope: "TENANT", name: "client-one", files: [{ path: "vpn.yml", text: TEST_RULE }] });
    await overrideRule({ db }, admin, { scope: "TENANT", ruleId: "3f1d1f7e-5f0e-4a57-9c5e-1f0e9d7c0a11", level: "critical" });

    const registry = new RulesRegistry({ services: { db }, log });
    const pipeline = new DetectionPipeline({ services: { db }, rules: registry, log });
    for (const tenantId of [ids.t1, ids.t2, ids.other]) pipeline.enqueue(tenantId, [vpnFailure()]);
    await pipeline.drain();

    expect(await alerts(ids.t1)).toEqual([{ ruleTitle: "Client one failed VPN logon", severity: "CRITICAL" }]);
    expect(await alerts(ids.t2)).toEqual([]);
    expect(await alerts(ids.other)).toEqual([]);
    // t2 and the other organization's tenant run the built-in pack only: one shared engine.
    expect(registry.stats()).toEqual({ engines: 2, tenants: 3 });
    expect((await registry.forTenant(ids.t2)).engine).toBe((await registry.forTenant(ids.other)).engine);
    await registry.close();
  });

  it("an organization-level disable is picked up by polling, for every tenant of the MSSP and no other", async () => {
    const registry = new RulesRegistry({ services: { db }, log, pollMs: 200 });
    registry.start();
    const pipeline = new DetectionPipeline({ services: { db }, rules: registry, log });
    for (const tenantId of [ids.t1, ids.t2, ids.other]) pipeline.enqueue(tenantId, [payroll()]);
    await pipeline.drain();
    for (const tenantId of [ids.t1, ids.t2, ids.other]) expect(await titles(tenantId)).toContain(SENSITIVE);
    const before = (await registry.forTenant(ids.t2)).hash;

    await setRuleEnabled({ db }, { tenantId: ids.t2, userId: ids.orgAdmin, role: "ADMIN" }, { scope: "ORGANIZATION", ruleId: SENSITIVE_ID, enabled: false });
    const started = Date.now();
    while ((await registry.forTenant(ids.t2)).hash === before && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
    const pickedUpMs = Date.now() - started;
    expect(pickedUpMs).toBeLessThan(5_000);

    for (const tenantId of [ids.t1, ids.t2, ids.other]) pipeline.enqueue(tenantId, [payroll()]);
    await pipeline.drain();
    const count = async (tenantId: string) => (await db.withTenant(tenantId, (tx) => tx.alert.findMany({ where: { tenantId, ruleTitle: SENSITIVE }, select: { count: true } })))
      .reduce((sum, a) => sum + a.count, 0);
    expect(await count(ids.t1)).toBe(1); // unchanged: the second file access was not detected
    expect(await count(ids.t2)).toBe(1);
    expect(await count(ids.other)).toBe(2); // another organization: still detected
    // The tenant with the VPN rule still has it (its own engine), t2 now runs another set than `other`.
    expect(registry.stats()).toEqual({ engines: 3, tenants: 3 });
    await registry.close();
  });

  it("a rule change keeps correlation windows: the new engine is warmed up from stored events", async () => {
    const account = await signUp({ db }, { email: "soc@warm.test", password: "warm-password-1", name: "W", organizationName: "Warm Co" });
    const tenantId = account.tenant.id;
    const admin = { tenantId, userId: account.user.id, role: "OWNER" as const, email: "soc@warm.test" };
    const registry = new RulesRegistry({ services: { db }, log });
    const pipeline = new DetectionPipeline({ services: { db }, rules: registry, log });
    const failure = (i: number) => event({ "@timestamp": new Date(Date.now() - 300_000 + i * 10_000).toISOString(), event: { action: "user-login", outcome: "failure" }, user: { name: "carol" } });
    const send = async (events: VigilEvent[]) => {
      await storeEvents({ db }, tenantId, events);
      pipeline.enqueue(tenantId, events);
      await pipeline.drain();
    };
    await send([0, 1, 2, 3].map(failure));
    const before = (await registry.forTenant(tenantId)).hash;
    expect(await titles(tenantId)).toEqual([]);

    // An unrelated change for this tenant: another rule set hash, so another engine.
    await importRulePack({ db }, admin, { scope: "TENANT", name: "extra", files: [{ path: "vpn.yml", text: TEST_RULE }] });
    expect(await registry.poll()).toBe(true);
    expect((await registry.forTenant(tenantId)).hash).not.toBe(before);

    // The fifth failure completes the brute force only if the four earlier ones are still counted.
    await send([failure(4)]);
    expect(await titles(tenantId)).toContain("Brute force: 5+ failed logins for one user within 10 minutes");
    await registry.close();
  });

  it("runs SigmaHQ web and Linux rules on the sources they are written for only (vigil pipeline), for the importing tenant only", async () => {
    const account = await signUp({ db }, { email: "soc@sources.test", password: "sources-password-1", name: "S", organizationName: "Sources Co" });
    const tenantId = account.tenant.id;
    const admin = { tenantId, userId: account.user.id, role: "OWNER" as const, email: "soc@sources.test" };
    const sigma = "/work/shared/data/sigma/rules";
    const files = ["web/webserver_generic/web_sql_injection_in_access_logs.yml", "web/webserver_generic/web_susp_useragents.yml", "linux/builtin/lnx_buffer_overflows.yml"]
      .map((path) => ({ path, text: readFileSync(`${sigma}/${path}`, "utf8") }));
    await importRulePack({ db }, admin, { scope: "TENANT", name: "sigmahq-web-linux", files });
    const receivedAt = new Date(Date.now() - 30_000);
    const parse = (raw: string, format: "auto" | "syslog" = "auto") => {
      const parsed = parseAny(raw, { tenantId, receivedAt, receiver: "syslog", format });
      if (!parsed.ok) throw new Error(`${parsed.error.format}: ${parsed.error.reason}`);
      return parsed.event;
    };
    const stamp = "27/Nov/2026:10:00:00 +0000";
    const events = [
      // nginx access log lines (combined format): an injection, the same on a 404, a recon tool's user agent, a URL holding overflow keywords.
      parse(`203.0.113.7 - - [${stamp}] "GET /items?id=1%20UNION%20SELECT%20password%20FROM%20users HTTP/1.1" 200 512 "-" "Mozilla/5.0"`),
      parse(`203.0.113.8 - - [${stamp}] "GET /items?id=1%20UNION%20SELECT%20password%20FROM%20users HTTP/1.1" 404 0 "-" "Mozilla/5.0"`),
      parse(`203.0.113.9 - - [${stamp}] "GET / HTTP/1.1" 200 612 "-" "sqlmap/1.7.2#stable (https://sqlmap.org)"`),
      parse(`203.0.113.10 - - [${stamp}] "GET /?q=stack%20smashing%20detected HTTP/1.1" 200 612 "-" "stack smashing detected"`),
      // A Sysmon process creation (Windows JSON) whose command line holds the same strings.
      parse(JSON.stringify({ Event: { System: { Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1, Computer: "ws-1", TimeCreated: { "#attributes": { SystemTime: receivedAt.toISOString() } } },
        EventData: { Image: "C:\\Python\\python.exe", CommandLine: "python sqlmap.py --user-agent sqlmap/1.7 -u http://x/?id=1 UNION SELECT 1 stack smashing detected" } } })),
      // A Linux kernel line over syslog.
      parse(`<2>Nov 27 10:00:01 db-1 kernel: *** stack smashing detected ***: terminated`, "syslog"),
    ];
    expect(events.map((e) => e.event.module)).toEqual(["access-log", "access-log", "access-log", "access-log", "sysmon", undefined]);
    await storeEvents({ db }, tenantId, events);
    const registry = new RulesRegistry({ services: { db }, log });
    const pipeline = new DetectionPipeline({ services: { db }, rules: registry, log });
    pipeline.enqueue(tenantId, events);
    pipeline.enqueue(ids.other, events.map((e) => ({ ...e, id: `${e.id}-other` })));
    await pipeline.drain();

    const recorded = await db.withTenant(tenantId, (tx) => tx.alert.findMany({ where: { tenantId }, select: { ruleTitle: true, eventIds: true } }));
    const byTitle = (title: string) => recorded.filter((a) => a.ruleTitle === title).flatMap((a) => a.eventIds).sort();
    expect(byTitle("SQL Injection Strings In URI")).toEqual([events[0]?.id]);
    expect(byTitle("Suspicious User-Agents Related To Recon Tools")).toEqual([events[2]?.id]);
    expect(byTitle("Buffer Overflow Attempts")).toEqual([events[5]?.id]);
    // The other organization's tenant did not import them: none of these fire there.
    expect((await titles(ids.other)).filter((t) => ["SQL Injection Strings In URI", "Suspicious User-Agents Related To Recon Tools", "Buffer Overflow Attempts"].includes(t))).toEqual([]);
    await registry.close();
  });

  it("a rule using a tenant's named list waits while it is empty and fires once the tenant fills it", async () => {
    const account = await signUp({ db }, { email: "soc@lists.test", password: "lists-password-1", name: "L", organizationName: "Lists Co" });
    const tenantId = account.tenant.id;
    const admin = { tenantId, userId: account.user.id, role: "OWNER" as const, email: "soc@lists.test" };
    await importRulePack({ db }, admin, { scope: "TENANT", name: "jump", files: [{ path: "jump.yml", text: JUMP_HOST_RULE }] });
    const loads: { tenantId: string; waiting: string[] }[] = [];
    const registry = new RulesRegistry({ services: { db }, log, onRuleSet: (t, set) => loads.push({ tenantId: t, waiting: (set.waiting ?? []).flatMap((w) => w.placeholders) }) });
    const pipeline = new DetectionPipeline({ services: { db }, rules: registry, log });
    const login = (host: string) => event({ event: { action: "user-login", outcome: "success" }, user: { name: "dave" }, host: { name: host } });

    pipeline.enqueue(tenantId, [login("jump-01")]);
    await pipeline.drain();
    expect(await titles(tenantId)).not.toContain("Logon to a jump server");
    expect(loads.at(-1)).toEqual({ tenantId, waiting: ["JumpServers"] });

    await setDetectionList({ db }, admin, { name: "JumpServers", values: ["jump-*"] });
    expect(await registry.poll()).toBe(true);
    pipeline.enqueue(tenantId, [login("jump-02"), login("web-01")]);
    await pipeline.drain();
    expect((await alerts(tenantId)).filter((a) => a.ruleTitle === "Logon to a jump server")).toEqual([{ ruleTitle: "Logon to a jump server", severity: "MEDIUM" }]);
    expect(loads.at(-1)).toEqual({ tenantId, waiting: [] });
    // The other organization's tenant neither has the rule nor the list.
    expect(await titles(ids.other)).not.toContain("Logon to a jump server");
    await registry.close();
  });
});
