// The seed scenario through the public HEC interface: 6 failed logins for alice from
// 203.0.113.7, a success, then access to a confidential file -> alerts and exactly one
// incident (with its response workflow started on the Temporal dev server) for that tenant only.
import { createTemporalClient } from "@vigil/workflows";
import type { TemporalClient } from "@vigil/workflows";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TemporalStarter } from "./temporal";
import { temporalStarter } from "./temporal";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";

const TASK_QUEUE = "vigil-ingest-int-test"; // no worker polls it: workflows stay "started"
let h: Harness;
let temporal: TemporalClient;
let starter: TemporalStarter;

function scenario(user: string, startSec: number): string {
  const base = startSec;
  const login = (i: number, outcome: string) =>
    JSON.stringify({ time: base + i, host: "vpn-gw-1", sourcetype: "vpn:auth", event: { action: "user-login", outcome, user, src_ip: "203.0.113.7" } });
  const failures = [0, 1, 2, 3, 4, 5].map((i) => login(i * 20, "failure"));
  const file = JSON.stringify({
    time: base + 200, host: "fs-1", sourcetype: "fileaudit",
    event: { action: "file-read", outcome: "success", user, file_path: "/srv/confidential/payroll.xlsx", src_ip: "203.0.113.7" },
  });
  return [...failures, login(130, "success"), file].join("\n");
}

const alertsOf = (tenantId: string) => h.db.withTenant(tenantId, (tx) => tx.alert.findMany({ where: { tenantId }, orderBy: { firstSeen: "asc" } }));
const incidentsOf = (tenantId: string) => h.db.withTenant(tenantId, (tx) => tx.incident.findMany({ where: { tenantId } }));

beforeAll(async () => {
  temporal = await createTemporalClient();
  starter = temporalStarter({ connect: async () => temporal, taskQueue: TASK_QUEUE });
  h = await startHarness(testDatabaseUrls(process.env), { startResponse: starter.start, raiseResponse: starter.raise });
});
afterAll(async () => {
  await h?.close();
  await temporal?.connection.close();
});

describe("seed scenario: brute force -> success -> confidential file", () => {
  it("raises alerts and exactly one incident for the tenant, none for another", async () => {
    const victim = await h.createTenant();
    const other = await h.createTenant();
    const now = Math.floor(Date.now() / 1000) - 600;
    const res = await h.app.inject({ method: "POST", url: "/services/collector/event", payload: scenario("alice", now), headers: { authorization: `Splunk ${victim.token}` } });
    expect(res.json()).toMatchObject({ code: 0, accepted: 8 });
    // Tenant B sees 3 failures for an "alice" of its own: below the threshold, never merged with A's.
    const fewer = scenario("alice", now).split("\n").slice(0, 3).join("\n");
    await h.app.inject({ method: "POST", url: "/services/collector/event", payload: fewer, headers: { authorization: `Splunk ${other.token}` } });
    await h.pipeline.drain();

    const alerts = await alertsOf(victim.tenantId);
    const byTitle = [...alerts].sort((x, y) => x.ruleTitle.localeCompare(y.ruleTitle));
    expect(byTitle.map((a) => [a.ruleTitle, a.severity, a.count])).toEqual([
      ["Access to a confidential or finance file", "MEDIUM", 1],
      ["Account takeover: brute force, login, then sensitive file access", "CRITICAL", 1],
      ["Brute force: 5+ failed logins for one user within 10 minutes", "HIGH", 2],
      ["Successful login after brute force", "HIGH", 1],
    ]);
    const bruteForce = byTitle[2]!;
    expect(bruteForce).toMatchObject({ tactics: ["credential-access"], techniques: ["T1110"], groupKey: "user.name=alice" });
    expect(bruteForce.eventIds).toHaveLength(6);
    expect(byTitle[0]!.entities).toEqual({ user: ["alice"], host: ["fs-1"], ip: ["203.0.113.7"], file: ["/srv/confidential/payroll.xlsx"] });

    const incidents = await incidentsOf(victim.tenantId);
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    // Opened by the brute-force alert; the chained account-takeover alert raises it to CRITICAL.
    expect(incident).toMatchObject({ status: "OPEN", groupKey: "user:alice", severity: "CRITICAL" });
    expect(alerts.every((a) => a.incidentId === incident!.id)).toBe(true);
    expect(incident).toMatchObject({ workflowId: `incident-${incident!.id}`, workflowState: "started" });
    const described = await temporal.workflow.getHandle(incident!.workflowId!).describe();
    expect(described.taskQueue).toBe(TASK_QUEUE);
    await temporal.workflow.getHandle(incident!.workflowId!).terminate("integration test cleanup");

    expect(await alertsOf(other.tenantId)).toEqual([]);
    expect(await incidentsOf(other.tenantId)).toEqual([]);
  });

  it("tells the running response when a more severe alert joins its incident later", async () => {
    const t = await h.createTenant();
    const lines = scenario("erin", Math.floor(Date.now() / 1000) - 500).split("\n");
    const send = (payload: string) =>
      h.app.inject({ method: "POST", url: "/services/collector/event", payload, headers: { authorization: `Splunk ${t.token}` } });
    await send(lines.slice(0, 6).join("\n")); // the failures: brute force (HIGH) opens the incident
    await h.pipeline.drain();
    const [opened] = await incidentsOf(t.tenantId);
    expect(opened).toMatchObject({ severity: "HIGH", workflowState: "started" });
    await send(lines.slice(6).join("\n")); // success + confidential file: the account takeover (CRITICAL) joins
    await h.pipeline.drain();
    const [raised] = await incidentsOf(t.tenantId);
    expect(raised).toMatchObject({ id: opened!.id, severity: "CRITICAL" });
    const handle = temporal.workflow.getHandle(opened!.workflowId!);
    const history = await handle.fetchHistory();
    const signals = (history.events ?? []).flatMap((e) => (e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes.signalName] : []));
    expect(signals).toEqual(["severityRaised"]);
    await handle.terminate("integration test cleanup");
  });

  it("counts identical failures sent one request at a time without timestamps (the README's curl)", async () => {
    const t = await h.createTenant();
    const failure = '{"event":{"action":"logon","outcome":"failure","user":"carol","src_ip":"203.0.113.9"},"host":"web-01"}';
    for (let i = 0; i < 6; i++) {
      const res = await h.app.inject({ method: "POST", url: "/services/collector/event", payload: failure, headers: { authorization: `Splunk ${t.token}` } });
      expect(res.json()).toMatchObject({ code: 0, accepted: 1, duplicates: 0 });
      await new Promise((r) => setTimeout(r, 2)); // distinct receive times, as separate curl calls have
    }
    await h.pipeline.drain();
    const alerts = await alertsOf(t.tenantId);
    expect(alerts.map((a) => a.ruleTitle)).toEqual(["Brute force: 5+ failed logins for one user within 10 minutes"]);
    const incidents = await incidentsOf(t.tenantId);
    expect(incidents).toHaveLength(1);
    await temporal.workflow.getHandle(incidents[0]!.workflowId!).terminate("integration test cleanup");
  });

  it("replaying the same batch adds no alert or incident", async () => {
    const t = await h.createTenant();
    const body = scenario("bob", Math.floor(Date.now() / 1000) - 900);
    for (let i = 0; i < 2; i++) {
      await h.app.inject({ method: "POST", url: "/services/collector/event", payload: body, headers: { authorization: `Splunk ${t.token}` } });
      await h.pipeline.drain();
    }
    const counts = (await alertsOf(t.tenantId)).map((a) => [a.ruleTitle, a.count] as const).sort(([x], [y]) => x.localeCompare(y));
    expect(counts.map(([, n]) => n)).toEqual([1, 1, 2, 1]); // the replay counted nothing again
    const incidents = await incidentsOf(t.tenantId);
    expect(incidents).toHaveLength(1);
    await temporal.workflow.getHandle(incidents[0]!.workflowId!).terminate("integration test cleanup");
  });
});

describe("after a restart", () => {
  it("rebuilds correlation windows from stored events: 3 failures, restart, 2 more -> alert", async () => {
    const t = await h.createTenant();
    const lines = scenario("dora", Math.floor(Date.now() / 1000) - 400).split("\n");
    const send = (payload: string) =>
      h.app.inject({ method: "POST", url: "/services/collector/event", payload, headers: { authorization: `Splunk ${t.token}` } });
    await send(lines.slice(0, 3).join(""));
    await h.pipeline.drain();
    expect(await alertsOf(t.tenantId)).toEqual([]);
    await h.restart();
    await send(lines.slice(3, 5).join(""));
    await h.pipeline.drain();
    expect((await alertsOf(t.tenantId)).map((a) => [a.ruleTitle, a.eventIds.length])).toEqual([
      ["Brute force: 5+ failed logins for one user within 10 minutes", 5],
    ]);
    const incidents = await incidentsOf(t.tenantId);
    await temporal.workflow.getHandle(incidents[0]!.workflowId!).terminate("integration test cleanup");
  });
});

describe("when Temporal is unreachable", () => {
  it("still records the incident, marks it start_failed and keeps ingesting", async () => {
    const address = "127.0.0.1:1";
    const down = temporalStarter({ connect: () => createTemporalClient({ address, namespace: "default", taskQueue: TASK_QUEUE }) });
    const h2 = await startHarness(testDatabaseUrls(process.env), { startResponse: down.start });
    try {
      const t = await h2.createTenant();
      const send = (payload: string) =>
        h2.app.inject({ method: "POST", url: "/services/collector/event", payload, headers: { authorization: `Splunk ${t.token}` } });
      expect((await send(scenario("carol", Math.floor(Date.now() / 1000) - 300))).statusCode).toBe(200);
      await h2.pipeline.drain();
      const incidents = await h2.db.withTenant(t.tenantId, (tx) => tx.incident.findMany({ where: { tenantId: t.tenantId } }));
      expect(incidents).toMatchObject([{ workflowState: "start_failed", workflowId: null }]);
      expect(h2.logged.some((l) => l.msg === "could not start the incident response workflow")).toBe(true);
      expect((await send('{"event":"after the failure"}')).statusCode).toBe(200);
    } finally {
      await h2.close();
    }
  });
});
