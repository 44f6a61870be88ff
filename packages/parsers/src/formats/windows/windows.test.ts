import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildFormat, flattenWindowsEvent, ndjsonParser, parseAny } from "../../index";

const receivedAt = new Date("2026-11-27T12:00:00.000Z");
const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8").split("\n").filter(Boolean);
const parse = (raw: string) => {
  const r = parseAny(raw, { tenantId: "t", receivedAt });
  if (!r.ok) throw new Error(r.error.reason);
  return r;
};

describe("Windows events in four JSON shapes", () => {
  const shapes = read("logon-4624.jsonl");

  it("flattens evtx_dump, python-evtx, Winlogbeat and NXLog to the same Sigma field names", () => {
    expect(shapes.map((s) => flattenWindowsEvent(JSON.parse(s))?.shape)).toEqual(["evtx_dump", "python-evtx", "winlogbeat", "nxlog"]);
    for (const s of shapes) {
      expect(flattenWindowsEvent(JSON.parse(s))?.fields).toMatchObject({ Channel: "Security", Computer: "DC01.corp.local", Provider_Name: "Microsoft-Windows-Security-Auditing", TargetUserName: "alice", LogonType: "10", IpAddress: "203.0.113.7" });
    }
  });

  it("normalizes each shape to the same ECS event", () => {
    for (const s of shapes) {
      const { event, format } = parse(s);
      expect(format).toBe("windows");
      expect(event).toMatchObject({
        event: { code: "4624", action: "logon", outcome: "success", category: "authentication", provider: "Microsoft-Windows-Security-Auditing" },
        host: { name: "DC01.corp.local" },
        user: { name: "alice", domain: "CORP", id: "S-1-5-21-1-2-3-1104" },
        source: { ip: "203.0.113.7", port: 50122, domain: "WKS-7" },
        process: { executable: "C:\\Windows\\System32\\svchost.exe", name: "svchost.exe", pid: 712 },
        ocsf: { class_uid: 3002 },
        vigil: { format: "windows" },
      });
      expect(event["@timestamp"]).toMatch(/^2026-11-27T10:00:01\.(123|000)Z$/);
      expect(event.original.TargetUserName).toBe("alice");
    }
  });
});

describe("Windows event meanings", () => {
  const [sysmon, proc, created, group, cleared, appLog, kerberos] = read("mixed.jsonl").map((l) => parse(l).event);

  it("maps Sysmon process creation, keeping Image/CommandLine for Sigma", () => {
    expect(sysmon).toMatchObject({
      "@timestamp": "2026-11-27T10:05:00.000Z",
      event: { code: "1", action: "process-created", module: "sysmon" },
      user: { name: "alice", domain: "CORP" },
      process: { executable: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", name: "powershell.exe", pid: 6180, command_line: "powershell.exe -nop -w hidden -enc SQBFAFgA", parent: { executable: "C:\\Windows\\explorer.exe", pid: 6428, name: "explorer.exe" } },
      ocsf: { class_uid: 1007 },
    });
    expect(sysmon!.original).toMatchObject({ Image: expect.stringMatching(/powershell\.exe$/), CommandLine: expect.any(String), EventID: 1, Channel: "Microsoft-Windows-Sysmon/Operational" });
  });

  it("maps 4688 hex process ids, 4720 and 4732 actors and targets, 1102 UserData", () => {
    expect(proc).toMatchObject({ process: { pid: 3744, executable: "C:\\Windows\\duKhLYUX.exe", parent: { pid: 488 } }, user: { name: "IE10WIN7$" }, "@timestamp": "2016-09-21T03:41:02.560Z" });
    expect(created).toMatchObject({ event: { action: "user-created", category: "iam" }, user: { name: "IEUser", target: { name: "IEUser2" } }, ocsf: { class_uid: 3001 } });
    expect(group).toMatchObject({ event: { action: "group-member-added" }, user: { name: "mallory", target: { name: "Backdoor, Bob", id: "S-1-5-21-1-2-3-1337" } }, ocsf: { class_uid: 3006 } });
    expect(cleared).toMatchObject({ event: { action: "audit-log-cleared", code: "1102" }, user: { name: "mallory", domain: "CORP" }, ocsf: { class_uid: 1008 } });
  });

  it("gives no security meaning to a 4625 outside the Security channel", () => {
    expect(appLog!.event).toEqual({ code: "4625", provider: "Microsoft-Windows-EventSystem", dataset: "Application", module: "windows" });
    expect(appLog!["@timestamp"]).toBe("2013-10-23T16:16:29.000Z");
  });

  it("derives Kerberos outcome from Status and keeps v4-mapped addresses", () => {
    expect(kerberos).toMatchObject({ event: { action: "kerberos-tgt-requested", outcome: "failure" }, user: { name: "svc_sql" }, source: { ip: "::ffff:10.0.0.44" } });
  });

  it("normalizes Windows objects arriving through the NDJSON receiver", () => {
    const r = ndjsonParser.parse(read("mixed.jsonl").join("\n"), { tenantId: "t", receivedAt });
    expect(r.errors).toEqual([]);
    expect(r.events.map((e) => e.event.action)).toEqual(["process-created", "process-created", "user-created", "group-member-added", "audit-log-cleared", undefined, "kerberos-tgt-requested"]);
    expect(r.events[0]!.vigil).toMatchObject({ receiver: "ndjson", format: "windows" });
  });
});

describe("windows format errors", () => {
  const parser = buildFormat("windows");
  const run = (raw: string) => (parser.ok ? parser.parser(raw, { receivedAt }) : undefined);

  it.each([
    ['{"EventID": 4624}', 0, /not a Windows event/],
    ['{"System": {"EventID": "1"', 26, /JSON|position/],
    ["[1,2]", 0, /got an array/],
    [`${"[".repeat(5000)}${"]".repeat(5000)}`, 0, /deeper than 100/],
  ])("rejects %j", (raw, position, reason) => {
    const r = run(raw);
    expect(r?.ok).toBe(false);
    if (r && !r.ok) {
      expect(r.error.reason).toMatch(reason);
      expect(r.error.position).toBeLessThanOrEqual(Math.max(position, raw.length));
    }
  });

  it("survives hostile values inside a valid shape", () => {
    const hostile = { Event: { System: { EventID: { "#text": null }, TimeCreated: "not-an-object", Computer: 42, Provider: [] }, EventData: { Image: { deep: { deeper: 1 } }, ProcessId: "0xZZ", CommandLine: 7, IpAddress: "300.1.1.1" } } };
    const r = parseAny(JSON.stringify(hostile), { tenantId: "t", receivedAt });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.event["@timestamp"]).toBe(receivedAt.toISOString());
      expect(r.event.source).toBeUndefined();
      expect(r.event.process?.pid).toBeUndefined();
    }
  });
});
