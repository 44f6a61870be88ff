// HEC /services/collector/raw as Splunk documents it (curl with a channel), against PostgreSQL.
import { listEvents } from "@vigil/services/events";
import { createIngestToken } from "@vigil/services/tokens";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";

const CHANNEL = "FE0ECFAD-13D5-401B-847D-77833BD77131";
let h: Harness;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };

const raw = (query: string, body: string | Buffer, token = a.token) =>
  h.app.inject({ method: "POST", url: `/services/collector/raw${query}`, payload: body, headers: { authorization: `Splunk ${token}`, "content-type": "application/x-www-form-urlencoded" } });
const stored = (tenantId: string) => listEvents({ db: h.db }, tenantId, { limit: 500 });

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env), { maxBodyBytes: 16 * 1024 });
  a = await h.createTenant();
  b = await h.createTenant();
});
afterAll(async () => h?.close());

describe("Splunk HEC raw endpoint", () => {
  it("stores the documented request: lines detected per format, query metadata kept", async () => {
    const body = [
      "Nov 27 10:00:01 web-01 sshd[411]: Failed password for invalid user admin from 203.0.113.7 port 51234 ssh2",
      '203.0.113.7 - - [27/Nov/2026:10:00:02 +0000] "GET /login HTTP/1.1" 401 12 "-" "curl/8.0"',
      "",
    ].join("\n");
    const res = await raw(`?channel=${CHANNEL}&sourcetype=linux_secure&host=fallback-host&index=main`, body);
    expect([res.statusCode, res.json()]).toEqual([200, { text: "Success", code: 0, accepted: 2, duplicates: 0, ackId: 0 }]);
    const events = await stored(a.tenantId);
    expect(events.find((e) => e.raw.includes("sshd[411]"))).toMatchObject({ receiver: "hec-raw", host: "web-01", sourcetype: "linux_secure", sourceIp: "203.0.113.7", outcome: "failure" });
    expect(events.find((e) => e.raw.includes("GET /login"))).toMatchObject({ host: "fallback-host", doc: { vigil: { index: "main" } } });
  });

  it("joins the records of one audit event in a body: the EXECVE record is stored as a process start", async () => {
    const body = [
      'type=SYSCALL msg=audit(1795946009.000:5500): arch=c000003e syscall=59 success=yes exit=0 ppid=3300 pid=3301 auid=1000 uid=1000 comm="base64" exe="/usr/bin/base64" key="hec-raw-audit"',
      'type=EXECVE msg=audit(1795946009.000:5500): argc=3 a0="base64" a1="-d" a2="/tmp/payload.b64"',
      'type=CWD msg=audit(1795946009.000:5500): cwd="/tmp"',
    ].join("\n");
    const res = await raw(`?channel=${CHANNEL}&sourcetype=linux_audit`, body);
    expect([res.statusCode, res.json()]).toMatchObject([200, { code: 0, accepted: 3 }]);
    const execve = (await stored(a.tenantId)).find((e) => e.raw.includes("type=EXECVE msg=audit(1795946009.000:5500)"));
    expect(execve?.doc).toMatchObject({
      event: { module: "auditd", category: "process", type: "start" },
      process: { executable: "/usr/bin/base64", pid: 3301, command_line: "base64 -d /tmp/payload.b64" },
      original: { Image: "/usr/bin/base64", CommandLine: "base64 -d /tmp/payload.b64", CurrentDirectory: "/tmp", ParentProcessId: "3300" },
    });
    expect((await stored(b.tenantId)).filter((e) => e.raw.includes("msg=audit("))).toEqual([]);
  });

  it("joins EXECVE and SOCKADDR records to the SYSCALL records their sender put in the previous request, for that tenant only", async () => {
    const syscall = 'node=lb-1 type=SYSCALL msg=audit(1795946010.000:5600): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=4401 uid=0 comm="nc" exe="/usr/bin/nc.openbsd"';
    const execve = 'node=lb-1 type=EXECVE msg=audit(1795946010.000:5600): argc=3 a0="nc" a1="-e" a2="/bin/sh"';
    const c = await h.createTenant();
    const connect = 'node=lb-1 type=SYSCALL msg=audit(1795946010.100:5601): arch=c000003e syscall=42 success=yes exit=0 ppid=4401 pid=4402 uid=0 comm="sh" exe="/usr/bin/dash"';
    const sockaddr = "node=lb-1 type=SOCKADDR msg=audit(1795946010.100:5601): saddr=0200115CCB00710A0000000000000000";
    expect((await raw(`?channel=${CHANNEL}`, `${syscall}\n${connect}`)).json()).toMatchObject({ code: 0, accepted: 2 });
    expect((await raw(`?channel=${CHANNEL}`, sockaddr)).json()).toMatchObject({ code: 0, accepted: 1 });
    // The same record text from another tenant: a's SYSCALL record must not complete it.
    expect((await raw(`?channel=${CHANNEL}`, execve, c.token)).json()).toMatchObject({ code: 0, accepted: 1 });
    expect((await raw(`?channel=${CHANNEL}`, execve)).json()).toMatchObject({ code: 0, accepted: 1 });
    const ofA = (await stored(a.tenantId)).find((e) => e.raw === execve);
    expect(ofA?.doc).toMatchObject({ event: { category: "process", type: "start" }, original: { Image: "/usr/bin/nc.openbsd", CommandLine: "nc -e /bin/sh", ProcessId: "4401" } });
    // A child of the nc process, in a third request: its parent named from the second one.
    const child = [
      'node=lb-1 type=SYSCALL msg=audit(1795946010.200:5602): arch=c000003e syscall=59 success=yes exit=0 ppid=4401 pid=4403 uid=0 comm="id" exe="/usr/bin/id"',
      'node=lb-1 type=EXECVE msg=audit(1795946010.200:5602): argc=1 a0="id"',
    ];
    expect((await raw(`?channel=${CHANNEL}`, child.join("\n"))).json()).toMatchObject({ code: 0, accepted: 2 });
    expect((await stored(a.tenantId)).find((e) => e.raw === child[1])?.doc).toMatchObject({
      original: { Image: "/usr/bin/id", ParentImage: "/usr/bin/nc.openbsd", ParentCommandLine: "nc -e /bin/sh", ParentProcessId: "4401" },
    });
    const connection = (await stored(a.tenantId)).find((e) => e.raw === sockaddr);
    expect(connection?.doc).toMatchObject({
      event: { category: "network", type: "connection" },
      destination: { ip: "203.0.113.10", port: 4444 },
      original: { Image: "/usr/bin/dash", DestinationIp: "203.0.113.10", DestinationPort: "4444", Initiated: "true" },
    });
    const ofC = (await stored(c.tenantId)).find((e) => e.raw === execve);
    const original = (ofC?.doc as { original?: object } | undefined)?.original;
    expect(original).toMatchObject({ CommandLine: "nc -e /bin/sh" });
    expect(original).not.toHaveProperty("Image");
  });

  it("uses the token's default source type: the format of raw lines unless the request names one, the sourcetype of events that name none", async () => {
    const c = await h.createTenant();
    const cef = (await createIngestToken({ db: h.db }, { tenantId: c.tenantId, role: "OWNER" }, { name: "ArcSight", sourcetype: "cef" })).plaintext;
    const app = (await createIngestToken({ db: h.db }, { tenantId: c.tenantId, role: "OWNER" }, { name: "App", sourcetype: "acme:app" })).plaintext;
    const record = "CEF:0|Acme|Gate|1.0|100|Blocked login|7|src=203.0.113.60 suser=eve act=blocked outcome=failure";
    expect((await raw(`?channel=${CHANNEL}`, record, cef)).json()).toMatchObject({ code: 0, accepted: 1 });
    // The token fixes the format: an sshd line sent with it is no CEF record, and is told so.
    const sshd = "Nov 29 10:00:09 bastion-2 sshd[12]: Failed password for eve from 203.0.113.61 port 4000 ssh2";
    const refused = await raw(`?channel=${CHANNEL}`, sshd, cef);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 6, accepted: 0, rejected: 1, errors: [expect.stringMatching(/^line 1: cef: /)] });
    // The request's own ?sourcetype= wins over the token's (linux_secure is no Vigil format: detected per line).
    expect((await raw(`?channel=${CHANNEL}&sourcetype=linux_secure`, sshd, cef)).json()).toMatchObject({ code: 0, accepted: 1 });
    // A token whose source type is no Vigil format: lines are detected, and tagged with it.
    expect((await raw(`?channel=${CHANNEL}`, sshd.replace("bastion-2", "bastion-3"), app)).json()).toMatchObject({ code: 0, accepted: 1 });
    // HEC events: the token's source type where the envelope names none.
    const events = '{"event":{"action":"login","user":"eve"}}{"event":{"action":"logout","user":"eve"},"sourcetype":"own"}';
    expect((await h.app.inject({ method: "POST", url: "/services/collector/event", payload: events, headers: { authorization: `Splunk ${app}` } })).json()).toMatchObject({ code: 0 });

    const rows = await stored(c.tenantId);
    expect(rows.find((e) => e.raw === record)).toMatchObject({ sourcetype: "cef", userName: "eve", sourceIp: "203.0.113.60", doc: { vigil: { format: "cef" } } });
    expect(rows.filter((e) => e.raw === sshd)).toEqual([expect.objectContaining({ sourcetype: "linux_secure", host: "bastion-2" })]);
    expect(rows.find((e) => e.raw.includes("bastion-3"))).toMatchObject({ sourcetype: "acme:app", host: "bastion-3", outcome: "failure" });
    expect(rows.filter((e) => e.receiver === "hec").map((e) => e.sourcetype).sort()).toEqual(["acme:app", "own"]);
    // Another tenant's events are untouched by C's tokens.
    expect((await stored(a.tenantId)).some((e) => e.sourcetype === "acme:app" || e.sourcetype === "cef")).toBe(false);
  });

  it("accepts the /1.0 alias, the channel header and a fixed format; /event/1.0 too", async () => {
    const res = await h.app.inject({
      method: "POST", url: "/services/collector/raw/1.0?format=json", payload: '{"user":"raw-json","action":"login"}',
      headers: { authorization: `Splunk ${a.token}`, "x-splunk-request-channel": CHANNEL },
    });
    expect(res.json()).toMatchObject({ code: 0, accepted: 1 });
    const ev = await h.app.inject({ method: "POST", url: "/services/collector/event/1.0", payload: '{"event":"v1"}', headers: { authorization: `Splunk ${a.token}` } });
    expect(ev.json()).toMatchObject({ code: 0, accepted: 1 });
    expect((await stored(a.tenantId)).some((e) => e.userName === "raw-json")).toBe(true);
  });

  it("dead-letters unrecognized lines by line number and stores the rest", async () => {
    const res = await raw("", "\u0001\u0002 garbage\nNov 27 10:00:03 web-01 sudo: pam_unix(sudo:session): session opened for user root by alice(uid=0)\n");
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 6, accepted: 1, rejected: 1, "invalid-event-number": 0, errors: [expect.stringMatching(/^line 1: unknown: unrecognized format/)] });
    const letters = await h.db.withTenant(a.tenantId, (tx) => tx.deadLetter.findMany({ where: { receiver: "hec-raw" } }));
    expect(letters.map((l) => l.raw)).toEqual(["\u0001\u0002 garbage"]);
  });

  it("answers HEC codes for bad channel, bad index, unknown format, no data, no token, query token", async () => {
    const cases: [string, string, number, number][] = [
      ["?channel=not-a-guid", "x", 400, 11],
      ["?index=_internal", "x", 400, 7],
      ["?format=klingon", "x", 400, 6],
      ["", "", 400, 5],
    ];
    for (const [query, body, status, code] of cases) {
      const res = await raw(query, body);
      expect([query, res.statusCode, res.json().code]).toEqual([query, status, code]);
    }
    const none = await h.app.inject({ method: "POST", url: "/services/collector/raw", payload: "x" });
    expect(none.json()).toEqual({ text: "Token is required", code: 2 });
    const viaQuery = await h.app.inject({ method: "POST", url: `/services/collector/raw?token=${b.token}`, payload: "Nov 27 10:00:04 b-host app: only-b\n" });
    expect(viaQuery.json()).toMatchObject({ code: 0, accepted: 1 });
    expect((await stored(b.tenantId)).map((e) => e.host)).toEqual(["b-host"]);
    expect((await stored(a.tenantId)).some((e) => e.raw.includes("only-b"))).toBe(false);
  });

  it("hands out ackIds per channel and acknowledges them (useACK clients), tenant by tenant", async () => {
    const channel = "0AAD6E26-5D4B-4C0A-9E33-0C1F0B9C4A11";
    const headers = { authorization: `Splunk ${a.token}`, "x-splunk-request-channel": channel };
    const first = await h.app.inject({ method: "POST", url: "/services/collector/event", payload: '{"event":"ack-1"}', headers });
    const second = await h.app.inject({ method: "POST", url: "/services/collector/event", payload: '{"event":"ack-2"}', headers });
    expect([first.json().ackId, second.json().ackId]).toEqual([0, 1]);
    const acked = await h.app.inject({ method: "POST", url: `/services/collector/ack?channel=${channel}`, payload: '{"acks":[0,1,2]}', headers: { authorization: `Splunk ${a.token}` } });
    expect(acked.json()).toEqual({ acks: { 0: true, 1: true, 2: false } });
    const ofB = await h.app.inject({ method: "POST", url: "/services/collector/ack", payload: '{"acks":[0]}', headers: { authorization: `Splunk ${b.token}`, "x-splunk-request-channel": channel } });
    expect(ofB.json()).toEqual({ acks: { 0: false } });
    const noChannel = await h.app.inject({ method: "POST", url: "/services/collector/ack", payload: '{"acks":[0]}', headers: { authorization: `Splunk ${a.token}` } });
    expect([noChannel.statusCode, noChannel.json()]).toEqual([400, { text: "Data channel is missing", code: 10 }]);
  });
});
