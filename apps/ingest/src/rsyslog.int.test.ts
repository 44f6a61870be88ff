// rsyslog from Debian watching a file (imfile) and forwarding it over TCP with octet counting
// (omfwd TCP_Framing="octet-counted") to the syslog receiver; the template adds the SD token.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";
import { rowsWith, startSyslog, waitFor } from "./testing/syslog";
import type { RunningSyslogReceiver } from "./syslog/receiver";
import { syslogTcpReceiver } from "./syslog/receiver";

let h: Harness;
let a: { tenantId: string; token: string };
let b: { tenantId: string; token: string };
let receiver: RunningSyslogReceiver;
let rsyslogd: ChildProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), "vigil-rsyslog-"));
const watched = join(dir, "app.log");
let rsyslogOutput = "";

function rsyslogConf(port: number, token: string): string {
  return `
global(workDirectory="${dir}")
module(load="imfile")
template(name="vigil" type="string" string="<%PRI%>1 %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME% %PROCID% %MSGID% [vigil@32473 token=\\"${token}\\"] %msg%")
ruleset(name="forward") {
  action(type="omfwd" target="127.0.0.1" port="${port}" protocol="tcp" TCP_Framing="octet-counted" template="vigil")
}
input(type="imfile" File="${watched}" Tag="sshd" Facility="auth" Severity="info" ruleset="forward")
`;
}

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env));
  a = await h.createTenant();
  b = await h.createTenant();
  receiver = await startSyslog(h, syslogTcpReceiver);
  writeFileSync(watched, "");
  const conf = join(dir, "rsyslog.conf");
  writeFileSync(conf, rsyslogConf(receiver.port, a.token));
  rsyslogd = spawn("rsyslogd", ["-n", "-f", conf, "-i", join(dir, "rsyslogd.pid")], { stdio: ["ignore", "pipe", "pipe"] });
  rsyslogd.stdout?.on("data", (d: Buffer) => (rsyslogOutput += d.toString()));
  rsyslogd.stderr?.on("data", (d: Buffer) => (rsyslogOutput += d.toString()));
});
afterAll(async () => {
  if (rsyslogd && rsyslogd.exitCode === null) {
    const exited = new Promise((resolve) => rsyslogd?.once("exit", resolve));
    rsyslogd.kill("SIGTERM");
    await exited;
  }
  await receiver?.close();
  await h?.close();
});

describe("rsyslog forwarding a file over TCP (octet-counted)", () => {
  it("stores every appended line for the token's tenant, parsed, and nothing for another tenant", async () => {
    const lines = [
      "Failed password for invalid user admin from 203.0.113.50 port 50001 ssh2 rsyslog-1",
      "Failed password for invalid user admin from 203.0.113.50 port 50002 ssh2 rsyslog-2",
      "Accepted publickey for deploy from 198.51.100.20 port 50003 ssh2 rsyslog-3",
    ];
    appendFileSync(watched, `${lines.join("\n")}\n`);
    const rows = await waitFor(() => rowsWith(h, "rsyslog-"), (r) => r.length >= 3, 20_000);
    expect(rows.length, `rsyslogd said: ${rsyslogOutput}`).toBe(3);
    expect(rows.every((r) => r.tenant_id === a.tenantId && r.receiver === "syslog")).toBe(true);
    expect(rows.every((r) => !r.raw.includes(a.token))).toBe(true);
    const accepted = rows.find((r) => r.raw.includes("rsyslog-3"));
    expect(accepted?.doc).toMatchObject({ user: { name: "deploy" }, source: { ip: "198.51.100.20" }, event: { outcome: "success" } });
    expect(receiver.stats.dropped).toEqual({ noToken: 0, invalidToken: 0, overload: 0, rejected: 0, shutdown: 0 });
    const ofB = await h.db.withTenant(b.tenantId, (tx) => tx.event.findMany({ where: { raw: { contains: "rsyslog-" } } }));
    expect(ofB).toEqual([]);
  });
});
