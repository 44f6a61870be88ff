import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildFormat, parseAny } from "../../index";

const receivedAt = new Date("2026-11-27T12:00:00.000Z");
const lines = readFileSync(new URL("./fixtures/auth.log", import.meta.url), "utf8").split("\n").filter(Boolean);
const events = lines.map((line) => {
  const r = parseAny(line, { tenantId: "t", receivedAt });
  if (!r.ok) throw new Error(r.error.reason);
  return r;
});
const at = (i: number) => events[i]!.event;

describe("linux auth/secure", () => {
  it("detects every fixture line as linux-auth", () => {
    expect(events.map((e) => e.format)).toEqual(lines.map(() => "linux-auth"));
  });

  it("maps sshd logins, failures, invalid users and closes", () => {
    expect(at(0)).toMatchObject({ event: { action: "ssh_login", outcome: "success", category: "authentication" }, user: { name: "deploy" }, source: { ip: "198.51.100.20", port: 50022 } });
    expect(at(1)).toMatchObject({ event: { action: "ssh_login", outcome: "failure" }, user: { name: "root" }, source: { ip: "203.0.113.9" } });
    expect(at(2)).toMatchObject({ event: { outcome: "failure" }, user: { name: "oracle" } });
    expect(at(3)).toMatchObject({ event: { action: "invalid_user", outcome: "failure" }, user: { name: "test" }, source: { port: 41840 } });
    expect(at(4)).toMatchObject({ event: { action: "connection_closed" }, user: { name: "test" }, source: { ip: "203.0.113.9" } });
    expect(at(15)).toMatchObject({ event: { action: "disconnected" }, user: { name: "deploy" } });
  });

  it("maps pam_unix failures and sessions", () => {
    expect(at(5)).toMatchObject({ event: { action: "authentication_failure", outcome: "failure" }, user: { name: "root" }, source: { ip: "203.0.113.9" } });
    expect(at(6)).toMatchObject({ event: { action: "session_opened" }, user: { name: "deploy" } });
  });

  it("maps sudo with COMMAND= and its failures", () => {
    expect(at(7)).toMatchObject({ event: { action: "sudo", outcome: "success" }, user: { name: "deploy", target: { name: "root" } }, process: { command_line: "/bin/systemctl restart app" }, ocsf: { class_uid: 1007 } });
    expect(at(8)).toMatchObject({ event: { action: "sudo", outcome: "failure" }, user: { name: "mallory" }, process: { command_line: "/bin/bash" } });
  });

  it("maps su and account management", () => {
    expect(at(10)).toMatchObject({ event: { action: "su", outcome: "failure" }, user: { name: "mallory", target: { name: "root" } } });
    expect(at(11)).toMatchObject({ event: { action: "user_created", category: "iam" }, user: { target: { name: "backdoor", id: "1337" } }, ocsf: { class_uid: 3001 } });
    expect(at(12)).toMatchObject({ event: { action: "group_created" }, group: { name: "backdoor", id: "1337" } });
    expect(at(13)).toMatchObject({ event: { action: "group_member_added" }, user: { target: { name: "backdoor" } }, group: { name: "sudo" }, ocsf: { class_uid: 3006 } });
    expect(at(14)).toMatchObject({ event: { action: "user_changed" }, user: { target: { name: "backdoor" } } });
  });

  it("maps util-linux su lines", () => {
    expect(at(9)).toMatchObject({ event: { action: "su", outcome: "failure" }, user: { name: "mallory", target: { name: "root" } }, process: { name: "su", pid: 1006 } });
    const ok = parseAny("Nov 27 10:00:00 h su[1]: (to root) alice on pts/0", { tenantId: "t", receivedAt });
    expect(ok.ok && ok.event.event).toMatchObject({ action: "su", outcome: "success" });
  });

  it("the linux-auth format refuses syslog lines that are not auth events", () => {
    const built = buildFormat("linux-auth");
    if (!built.ok) throw new Error(built.reason);
    const r = built.parser("Nov 27 10:00:00 h cron[1]: nothing to see", { receivedAt });
    expect(r).toMatchObject({ ok: false, error: { reason: "no sshd/sudo/su/useradd event in the syslog content" } });
  });
});

describe("iptables/netfilter", () => {
  const line = "IN=eth0 OUT=eth1 MAC=00:16:3e:aa:bb:cc SRC=2001:db8::1 DST=2001:db8::2 LEN=80 PROTO=UDP SPT=5353 DPT=53";

  it("parses a bare LOG line and a kernel syslog line", () => {
    const bare = parseAny(line, { tenantId: "t", receivedAt });
    expect(bare).toMatchObject({ ok: true, format: "iptables" });
    expect(bare.ok && bare.event).toMatchObject({ source: { ip: "2001:db8::1", port: 5353 }, destination: { ip: "2001:db8::2", port: 53 }, network: { transport: "udp", bytes: 80, interface: { in: "eth0", out: "eth1" } } });
    const wrapped = parseAny(`<4>Nov 27 10:00:00 fw kernel: iptables-drop: ${line}`, { tenantId: "t", receivedAt });
    expect(wrapped.ok && wrapped.event.event).toMatchObject({ action: "iptables-drop:", type: "denied", module: "iptables" });
  });

  it("keeps malformed addresses out of source.ip", () => {
    const r = parseAny("IN=eth0 OUT= SRC=999.1.1.1 DST=10.0.0.1 PROTO=TCP SPT=99999 DPT=22", { tenantId: "t", receivedAt });
    expect(r.ok && r.event.source).toBeUndefined();
    expect(r.ok && r.event.original.SRC).toBe("999.1.1.1");
  });
});
