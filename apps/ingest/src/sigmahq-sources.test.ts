// SigmaHQ's rules on sources as Vigil's parsers write them, run by the compiled engine on the
// vigil pipeline as ingest runs them, and checked against the reference evaluator: Linux rules on
// audit records (audit.log lines and the same through syslog), web rules on proxy logs (Squid's
// native format, the access-log format with absolute URLs) and web server access logs.
import { compiledEngine, loadRules, matchesRule, readRuleFiles, vigilPipeline } from "@vigil/detection";
import { joinAuditRecords, parseAny } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const SIGMA = "/work/shared/data/sigma";
const FIXTURES = new URL("../../../packages/parsers/src/formats/linux/fixtures/", import.meta.url);
const WEB_FIXTURES = new URL("../../../packages/parsers/src/formats/web/fixtures/", import.meta.url);

function fixtureLines(dir: URL, files: string[]): string[] {
  return files.flatMap((f) => readFileSync(new URL(f, dir), "utf8").split("\n").filter(Boolean));
}

function parseLine(line: string): VigilEvent {
  const r = parseAny(line, { tenantId: "t", receivedAt: new Date("2026-11-29T12:00:00Z") });
  if (!r.ok) throw new Error(`${r.error.reason}: ${line}`);
  return r.event;
}

function fixtureEvents(dir: URL, files: string[]): VigilEvent[] {
  // One batch, as a receiver hands it to the event log: the records of one audit event joined.
  return [...joinAuditRecords(fixtureLines(dir, files).map(parseLine))];
}

describe.skipIf(!existsSync(SIGMA))("SigmaHQ Linux rules on parsed audit records", () => {
  const set = loadRules([...readRuleFiles(`${SIGMA}/rules/linux`), ...readRuleFiles(`${SIGMA}/rules-emerging-threats`)]);
  const { engine } = compiledEngine({ ...set, correlations: [] }, { pipeline: vigilPipeline });
  const events = fixtureEvents(FIXTURES, ["audit.log", "audit-syslog.log"]);
  const fired = events.map((e) => engine.process("t", [e]).map((m) => m.ruleTitle).sort());

  it("loads SigmaHQ's Linux and emerging-threat rules, the auditd ones among them", () => {
    expect(set.errors).toEqual([]);
    expect(set.rules.filter((r) => r.logsource.service === "auditd").length).toBe(54);
  });

  it("fires each auditd rule on the record it is written for, and nothing on the others", () => {
    const byRecord = events.map((e, i) => [`${i} ${String(e.original.type)}`, fired[i]]);
    expect(byRecord).toEqual([
      ["0 SYSCALL", ["Webshell Remote Command Execution"]], // SYSCALL named from its x86_64 number, euid 33
      // A hex-encoded `| base64 -d | sh` argument, decoded: a Linux keyword rule, and two
      // process_creation rules on the command line the EXECVE record carries.
      ["1 EXECVE", ["Linux Base64 Encoded Pipe to Shell", "Linux Shell Pipe to Shell", "Suspicious Activity in Shell Commands"]],
      ["2 CWD", []],
      ["3 PATH", []],
      ["4 PROCTITLE", []],
      ["5 EXECVE", ["Code Injection by ld.so Preload"]],
      ["6 PATH", ["Code Injection by ld.so Preload", "Modification of ld.so.preload"]],
      ["7 USER_LOGIN", []],
      ["8 USER_AUTH", []],
      ["9 ADD_USER", ["Creation Of An User Account"]],
      ["10 USER_CMD", []],
      ["11 SERVICE_STOP", ["Disable System Firewall"]], // unit= from the flattened userspace message
      ["12 SYSCALL", ["Loading of Kernel Module via Insmod"]],
      ["13 EXECVE", []],
      ["14 SYSCALL", []],
      // Image (/usr/bin/base64) from the SYSCALL record of its serial, CommandLine from its arguments.
      ["15 EXECVE", ["Decode Base64 Encoded Text", "Suspicious Activity in Shell Commands"]],
      ["16 CWD", []],
      ["17 SYSCALL", []],
      ["18 CWD", []],
      ["19 PATH", []], // nametype=PARENT
      // nametype=CREATE, name "90-backdoor" resolved against the CWD record: a file_event rule.
      ["20 PATH", ["Persistence Via Sudoers.d Files"]],
      ["21 SYSCALL", []], // connect (42) by /usr/bin/bash
      // Its SOCKADDR record (203.0.113.10:4444) joined to it: an outbound connection, two network_connection rules.
      ["22 SOCKADDR", ["Linux Reverse Shell Indicator", "Potentially Suspicious Malware Callback Communication - Linux"]],
      ["23 PROCTITLE", []],
      ["24 SYSCALL", []],
      ["25 SOCKADDR", []], // curl's non-blocking connect (EINPROGRESS) to 10.0.0.5:4444: a private address
      ["26 SYSCALL", []],
      ["27 SOCKADDR", []], // logger to /dev/log: a local socket, not a network connection
      ["28 SYSCALL", []], // accept4 by an nginx worker (pid 800): its image and PROCTITLE remembered
      ["29 PROCTITLE", []],
      ["30 SYSCALL", ["Webshell Remote Command Execution"]], // execve by euid 33
      // whoami started by pid 800: ParentImage /usr/sbin/nginx, from the worker's records.
      ["31 EXECVE", ["Linux Webshell Indicators", "System Owner or User Discovery - Linux"]],
      ["32 EXECVE", ["Audio Capture"]], // through audisp-syslog
      ["33 AVC", []],
      ["34 SYSCALL", ["Special File Creation via Mknod Syscall"]], // audispd with node=, syscall 133
    ]);
    expect(events[31]!.original).toMatchObject({ Image: "/usr/bin/whoami", ParentImage: "/usr/sbin/nginx", ParentCommandLine: "nginx: worker process", ParentProcessId: "800" });
    expect(events[31]!.process?.parent).toMatchObject({ pid: 800, executable: "/usr/sbin/nginx", command_line: "nginx: worker process" });
    // Without the worker's records, no parent image: the web shell rule does not fire.
    const alone = fixtureLines(FIXTURES, ["audit.log"]).slice(30, 32);
    const orphan = [...joinAuditRecords(alone.map(parseLine))];
    expect(orphan[1]!.original).not.toHaveProperty("ParentImage");
    expect(engine.process("t", [orphan[1]!]).map((m) => m.ruleTitle)).toEqual(["System Owner or User Discovery - Linux"]);
    expect(events[22]!.original).toMatchObject({ Image: "/usr/bin/bash", DestinationIp: "203.0.113.10", DestinationPort: "4444", Initiated: "true", ProcessId: "3320" });
    expect(events[22]).toMatchObject({ event: { category: "network", type: "connection" }, destination: { ip: "203.0.113.10", port: 4444 }, process: { executable: "/usr/bin/bash" } });
    expect(events[25]!.original).toMatchObject({ Image: "/usr/bin/curl", DestinationIp: "10.0.0.5", Initiated: "true" });
    expect(events[27]!.original).toMatchObject({ saddr_fam: "local", path: "/dev/log" });
    expect(events[27]!.original).not.toHaveProperty("Initiated");
    expect(events[20]!.original).toMatchObject({ TargetFilename: "/etc/sudoers.d/90-backdoor", Image: "/usr/bin/tee", ProcessId: "3310" });
    expect(events[20]!.event).toMatchObject({ category: "file", type: "creation" });
    expect(events[15]!.original).toMatchObject({ Image: "/usr/bin/base64", CommandLine: "base64 -d /tmp/payload.b64", CurrentDirectory: "/tmp", ProcessId: "3301", ParentProcessId: "3300" });
  });

  it("agrees with the reference evaluator under the same pipeline", () => {
    const reference = events.map((e) => set.rules.filter((r) => vigilPipeline.admits(r, e) && matchesRule(r, e)).map((r) => r.title).sort());
    expect(fired).toEqual(reference);
  });

  it("needs the batch's join for rules on Image: the EXECVE record alone has only its command line, the SOCKADDR record alone is no connection", () => {
    const parsedLine = (n: number) => {
      const parsed = parseAny(readFileSync(new URL("audit.log", FIXTURES), "utf8").split("\n")[n]!, { tenantId: "t", receivedAt: new Date("2026-11-29T12:00:00Z") });
      if (!parsed.ok) throw new Error(parsed.error.reason);
      return parsed.event;
    };
    expect(parsedLine(15).original).toMatchObject({ type: "EXECVE", a0: "base64" });
    expect(engine.process("t", [parsedLine(15)]).map((m) => m.ruleTitle)).toEqual(["Suspicious Activity in Shell Commands"]);
    expect(parsedLine(22).original).toMatchObject({ type: "SOCKADDR", saddr_fam: "inet", laddr: "203.0.113.10", lport: "4444" });
    expect(engine.process("t", [parsedLine(22)])).toEqual([]);
  });

  it("keeps Windows rules off audit records, process_creation rules off all but EXECVE records, file_event rules off all but created files, network_connection rules off all but connections", () => {
    for (const e of events) {
      const admitted = set.rules.filter((r) => vigilPipeline.admits(r, e));
      expect(admitted.filter((r) => r.logsource.product === "windows")).toEqual([]);
      if (e.original.type !== "EXECVE") expect(admitted.filter((r) => r.logsource.category === "process_creation")).toEqual([]);
      if (e.original.nametype !== "CREATE") expect(admitted.filter((r) => r.logsource.category === "file_event")).toEqual([]);
      if (e.original.Initiated !== "true") expect(admitted.filter((r) => r.logsource.category === "network_connection")).toEqual([]);
    }
  });
});

describe.skipIf(!existsSync(SIGMA))("SigmaHQ web rules on parsed proxy and web server logs", () => {
  const set = loadRules([...readRuleFiles(`${SIGMA}/rules/web`), ...readRuleFiles(`${SIGMA}/rules/linux`)]);
  const { engine } = compiledEngine({ ...set, correlations: [] }, { pipeline: vigilPipeline });
  const events = fixtureEvents(WEB_FIXTURES, ["squid.log", "proxy-combined.log", "access.log"]);
  const fired = events.map((e) => engine.process("t", [e]).map((m) => m.ruleTitle).sort());

  it("fires the proxy rules on proxy lines and the web server rules on web server lines", () => {
    expect(set.errors).toEqual([]);
    expect(events.map((e, i) => [`${i} ${e.event.module ?? ""}`, fired[i]])).toEqual([
      ["0 proxy", ["Telegram API Access"]], // Squid native: cs-host, c-useragent absent
      ["1 proxy", []], // CONNECT pastebin.com:443
      ["2 proxy", ["Download From Suspicious TLD - Whitelist"]], // a denied .exe from evil.example
      ["3 proxy", []], // an error entry without a reply
      ["4 proxy", ["Malware User Agent"]], // access-log format with an absolute URL: the UA is known malware's
      ["5 proxy", ["Telegram API Access"]], // CONNECT api.telegram.org:443 from python-requests
      ["6 access-log", ["Suspicious User-Agents Related To Recon Tools"]], // sqlmap on a web server
      ["7 access-log", []],
      ["8 access-log", []],
      ["9 access-log", []],
    ]);
  });

  it("agrees with the reference evaluator, and keeps proxy rules off web server lines and web server rules off proxy lines", () => {
    expect(events.map((e) => set.rules.filter((r) => vigilPipeline.admits(r, e) && matchesRule(r, e)).map((r) => r.title).sort())).toEqual(fired);
    for (const e of events) {
      const categories = new Set(set.rules.filter((r) => vigilPipeline.admits(r, e)).map((r) => r.logsource.category));
      expect(categories.has(e.event.module === "proxy" ? "webserver" : "proxy")).toBe(false);
    }
  });
});
