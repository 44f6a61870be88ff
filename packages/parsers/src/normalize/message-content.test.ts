// A log line shipped as a JSON document's `message` (Filebeat, Fluent Bit, Vector, Logstash, a
// Splunk forwarder's string event) is parsed like the syslog receiver parses it.
import { describe, expect, it } from "vitest";
import { hecEventParser, ndjsonParser, parseAny } from "../index";
import type { VigilEvent } from "@vigil/schema";

const ctx = { tenantId: "t", receivedAt: new Date("2026-11-29T12:00:00.000Z"), maxItems: 1000 };
const ndjson = (doc: object): VigilEvent => {
  const r = ndjsonParser.parse(JSON.stringify(doc), ctx);
  expect(r.errors).toEqual([]);
  return r.events[0]!;
};
const bulkDoc = (doc: object): VigilEvent => {
  const r = parseAny(JSON.stringify(doc), { ...ctx, receiver: "bulk" });
  if (!r.ok) throw new Error(r.error.reason);
  return r.event;
};

describe("a log line in a JSON document's message", () => {
  it("parses a Splunk forwarder's string event holding a whole syslog line (header and sshd content)", () => {
    const body = JSON.stringify({ event: "Nov 29 11:58:01 bastion-1 sshd[4242]: Failed password for root from 203.0.113.9 port 50022 ssh2", sourcetype: "linux_secure", host: "uf-1" });
    const [event] = hecEventParser.parse(body, ctx).events;
    expect(event).toMatchObject({
      event: { module: "linux-auth", action: "ssh_login", outcome: "failure", category: "authentication" },
      user: { name: "root" },
      source: { ip: "203.0.113.9", port: 50022 },
      process: { name: "sshd", pid: 4242 },
      host: { name: "uf-1" }, // HEC's envelope host still wins
      vigil: { format: "linux-auth", sourcetype: "linux_secure" },
      original: { message: "Nov 29 11:58:01 bastion-1 sshd[4242]: Failed password for root from 203.0.113.9 port 50022 ssh2", hostname: "bastion-1", appname: "sshd" },
    });
    expect(event!["@timestamp"]).toBe("2026-11-29T11:58:01.000Z");
  });

  it("parses Filebeat's audit.log line: auditd's own fields join the document's, the shipper's `type` gives way", () => {
    const event = bulkDoc({
      "@timestamp": "2026-11-29T11:59:00.000Z",
      message: 'type=EXECVE msg=audit(1795946000.101:4242): argc=3 a0="arecord" a1="-vv" a2="-fdat"',
      log: { file: { path: "/var/log/audit/audit.log" } },
      host: { name: "web-1" },
      type: "filebeat",
    });
    expect(event).toMatchObject({
      event: { module: "auditd", action: "execve", category: "process" },
      process: { command_line: "arecord -vv -fdat" },
      host: { name: "web-1" },
      original: { type: "EXECVE", a0: "arecord", a1: "-vv", a2: "-fdat", log: { file: { path: "/var/log/audit/audit.log" } } },
      vigil: { format: "auditd", receiver: "bulk" },
    });
    expect(event["@timestamp"]).toBe("2026-11-29T11:59:00.000Z"); // the document's time first
    expect(event.original.message).toBe('type=EXECVE msg=audit(1795946000.101:4242): argc=3 a0="arecord" a1="-vv" a2="-fdat"');
  });

  it("takes the line's own time when the document has none", () => {
    const event = ndjson({ message: "type=USER_LOGIN msg=audit(1795946000.500:7): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=203.0.113.9 terminal=ssh res=failed'" });
    expect(event).toMatchObject({ "@timestamp": "2026-11-29T09:53:20.500Z", event: { action: "user_login", outcome: "failure" }, user: { name: "root" } });
  });

  it("reads Fluent Bit's `log` key and rsyslog's flat `process.name` as the program", () => {
    expect(ndjson({ log: "Nov 29 11:58:02 web-1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/cat /etc/shadow" }))
      .toMatchObject({ event: { module: "linux-auth", action: "sudo" }, user: { name: "alice", target: { name: "root" } }, process: { command_line: "/bin/cat /etc/shadow" } });
    expect(ndjson({ message: "Failed password for invalid user admin from 203.0.113.50 port 50001 ssh2", "process.name": "sshd", "host.name": "web-1" }))
      .toMatchObject({ event: { module: "linux-auth", outcome: "failure" }, user: { name: "admin" }, source: { ip: "203.0.113.50" }, host: { name: "web-1" }, process: { name: "sshd" } });
  });

  it("reads systemd journal records: journalctl -o json, Fluent Bit's systemd input, Filebeat's journald input", () => {
    const journalctl = ndjson({
      __REALTIME_TIMESTAMP: "1795946000123456", _HOSTNAME: "bastion-2", SYSLOG_IDENTIFIER: "sshd", _PID: "4242", _COMM: "sshd",
      _SYSTEMD_UNIT: "ssh.service", PRIORITY: "6", MESSAGE: "Failed password for invalid user oracle from 203.0.113.77 port 50100 ssh2",
    });
    expect(journalctl).toMatchObject({
      "@timestamp": "2026-11-29T09:53:20.123Z",
      event: { module: "linux-auth", outcome: "failure" },
      user: { name: "oracle" },
      source: { ip: "203.0.113.77" },
      host: { name: "bastion-2" },
      original: { _SYSTEMD_UNIT: "ssh.service", MESSAGE: "Failed password for invalid user oracle from 203.0.113.77 port 50100 ssh2" },
    });
    const filebeat = bulkDoc({
      "@timestamp": "2026-11-29T09:53:21.000Z", message: "Accepted publickey for deploy from 198.51.100.20 port 50022 ssh2",
      syslog: { identifier: "sshd", pid: 4243, priority: 6 }, host: { hostname: "bastion-2" }, input: { type: "journald" },
    });
    expect(filebeat).toMatchObject({ event: { module: "linux-auth", outcome: "success" }, user: { name: "deploy" }, host: { name: "bastion-2" } });
  });

  it("recognizes CEF and netfilter lines too", () => {
    expect(ndjson({ message: "CEF:0|Squid|Proxy|4.1|TCP_MISS|GET|3|src=10.0.0.5 request=http://evil.example/x.exe" }))
      .toMatchObject({ event: { module: "cef" }, source: { ip: "10.0.0.5" }, url: { domain: "evil.example", extension: "exe" } });
    expect(ndjson({ message: "kernel: [UFW BLOCK] IN=eth0 OUT= MAC=aa SRC=198.51.100.4 DST=10.0.0.5 LEN=60 PROTO=TCP SPT=4444 DPT=22" }).event.module).toBe("iptables");
  });

  it("leaves a document alone when the sender classified it, or when its line is not a known log", () => {
    const classified = ndjson({ action: "user-login", outcome: "success", user: "alice", message: "Failed password for root from 203.0.113.9 port 22 ssh2", "process.name": "sshd" });
    expect(classified).toMatchObject({ event: { action: "user-login", outcome: "success" }, user: { name: "alice" } });
    expect(classified.event.module).toBeUndefined();
    expect(classified.vigil.format).toBeUndefined();
    const app = ndjson({ level: "info", message: "cache warmed in 12 ms", host: "app-1" });
    expect(app).toMatchObject({ message: "cache warmed in 12 ms", host: { name: "app-1" }, original: { level: "info", message: "cache warmed in 12 ms", host: "app-1" } });
    expect(app.event).toEqual({});
    expect(ndjson({ message: "<13>Nov 29 11:58:01 web-1 cron[1]: (root) CMD (true)" }).event.module).toBeUndefined();
  });

  it("survives hostile lines: huge, NUL-laden, prototype keys", () => {
    const huge = ndjson({ message: `Nov 29 11:58:01 h sshd[1]: ${"x".repeat(300_000)}` });
    expect(huge.event.module).toBeUndefined();
    const proto = ndjson({ message: 'type=USER_LOGIN msg=audit(1795946000.000:1): __proto__="polluted" msg=\'op=login acct="root" res=failed\'' });
    expect(Object.getPrototypeOf(proto.original)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(ndjson({ message: "type=EXECVE msg=audit(1795946000.000:2): argc=1 a0=41004200" }).original.a0).toBe("A B");
  });
});
