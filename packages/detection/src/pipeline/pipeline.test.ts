import { describe, expect, it } from "vitest";
import { DetectionEngine, loadRules } from "../index";
import { evtxEvent, flattenEvtxRecord, parseJsonRecords } from "./evtx";
import { windowsPipeline } from "./pipeline";
import { windowsLogsourceAdmits } from "./windows-logsources";

const record = (eventId: number | object, channel: string, data: Record<string, unknown>) => ({
  Event: {
    "#attributes": { xmlns: "x" },
    System: {
      Provider: { "#attributes": { Name: "Microsoft-Windows-Sysmon", Guid: "g" } }, EventID: eventId, Channel: channel, Computer: "ws1",
      Execution: { "#attributes": { ProcessID: 4, ThreadID: 8 } }, TimeCreated: { "#attributes": { SystemTime: "2026-04-20T10:00:35.646624Z" } }, Correlation: null,
    },
    EventData: data,
  },
});

describe("evtx records", () => {
  it("flatten System attributes with _ and EventData names as they are", () => {
    expect(flattenEvtxRecord(record({ "#attributes": { Qualifiers: 16384 }, "#text": 7045 }, "System", { ServiceName: "x" }))).toEqual({
      Provider_Name: "Microsoft-Windows-Sysmon", Provider_Guid: "g", EventID: 7045, EventID_Qualifiers: 16384, Channel: "System", Computer: "ws1",
      Execution_ProcessID: 4, Execution_ThreadID: 8, TimeCreated_SystemTime: "2026-04-20T10:00:35.646624Z", ServiceName: "x",
    });
  });

  it("parse concatenated objects and arrays; events take their time and host", () => {
    const text = `${JSON.stringify(record(1, "c", {}))}\n${JSON.stringify([record(2, "c", {}), record(3, "c", { a: '}{"\\' })])}`;
    const events = parseJsonRecords(text).map(evtxEvent);
    expect(events.map((e) => e.original.EventID)).toEqual([1, 2, 3]);
    expect(events[0]).toMatchObject({ "@timestamp": "2026-04-20T10:00:35.646Z", host: { name: "ws1" } });
  });
});

describe("windows logsources", () => {
  const sysmon = "Microsoft-Windows-Sysmon/Operational";
  it.each([
    [{ product: "windows", category: "process_creation" }, { Channel: sysmon, EventID: 1 }, true],
    [{ product: "windows", category: "process_creation" }, { Channel: "Security", EventID: 4688 }, true],
    [{ product: "windows", category: "process_creation" }, { Channel: sysmon, EventID: 11 }, false],
    [{ product: "windows", category: "file_event" }, { Channel: sysmon, EventID: 11 }, true],
    [{ product: "windows", service: "security" }, { Channel: "Security", EventID: 1102 }, true],
    [{ product: "windows", service: "security" }, { Channel: "System", EventID: 104 }, false],
    [{ product: "windows", service: "unknown_thing" }, { Channel: "X" }, true],
    [{ product: "linux" }, { Channel: "Security" }, false],
  ])("%j admits %j: %s", (logsource, fields, expected) => {
    expect(windowsLogsourceAdmits(logsource, fields)).toBe(expected);
  });

  it("scope rules in the engine when given the windows pipeline", () => {
    const set = loadRules([{ file: "r.yml", text: "title: t\nlogsource: {product: windows, category: process_creation}\ndetection:\n  s:\n    Image|endswith: '\\cmd.exe'\n  condition: s\n" }]);
    const engine = new DetectionEngine(set, { pipeline: windowsPipeline });
    const proc = evtxEvent(record(1, sysmon, { Image: "C:\\cmd.exe" }));
    const file = evtxEvent(record(11, sysmon, { Image: "C:\\cmd.exe" }));
    expect(engine.process("t", [proc, file])).toHaveLength(1);
    expect(new DetectionEngine(set).process("t", [proc, file])).toHaveLength(2);
  });

  it("keeps rules of other products off Windows events and Windows rules off other events", () => {
    const zeek = "title: z\nlogsource: {product: zeek, service: rdp}\ndetection:\n  s:\n    id.orig_h|cidr: 10.0.0.0/8\n  condition: not s\n";
    const win = "title: w\nlogsource: {product: windows, service: security}\ndetection:\n  s:\n    EventID: 1102\n  condition: s\n";
    const set = loadRules([{ file: "z.yml", text: zeek }, { file: "w.yml", text: win }]);
    const engine = new DetectionEngine(set, { pipeline: windowsPipeline });
    const cleared = evtxEvent(record(1102, "Security", {}));
    const matches = engine.process("t", [cleared]);
    expect(matches.map((m) => m.ruleTitle)).toEqual(["w"]);
  });
});
