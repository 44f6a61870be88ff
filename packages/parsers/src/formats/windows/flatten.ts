// The four JSON shapes Windows events arrive in, flattened to one record keyed the way Sigma
// rules name fields: System values (EventID, Channel, Provider_Name, Computer, TimeCreated, ...)
// plus every EventData/UserData field under its own name (Image, CommandLine, TargetUserName).
//   evtx_dump   {"Event":{"System":{"EventID":1,"TimeCreated":{"#attributes":{"SystemTime":..}}},"EventData":{..}}}
//   python-evtx {"System":{"EventID":"4624","TimeCreated":{"SystemTime":..}},"EventData":{..}}
//   Winlogbeat  {"@timestamp":..,"winlog":{"event_id":4624,"channel":..,"event_data":{..}},"host":{"name":..}}
//   NXLog       {"EventTime":..,"Hostname":..,"EventID":4624,"SourceName":..,"TargetUserName":..}
import { isRecord } from "@vigil/schema";

export type WindowsShape = "evtx_dump" | "python-evtx" | "winlogbeat" | "nxlog";

export interface FlatWindowsEvent {
  shape: WindowsShape;
  fields: Record<string, unknown>;
}

/** `{"#attributes":{..},"#text":..}` (evtx_dump) or a plain value. */
function attr(value: unknown, name: string): unknown {
  if (!isRecord(value)) return undefined;
  const attrs = value["#attributes"];
  if (isRecord(attrs) && name in attrs) return attrs[name];
  return value[name];
}

function scalar(value: unknown): unknown {
  if (isRecord(value) && "#text" in value) return value["#text"];
  return value;
}

/** EventData / UserData: named fields, evtx_dump's single wrapper element, or Data arrays. */
function dataFields(section: unknown): Record<string, unknown> {
  if (!isRecord(section)) return {};
  const out: Record<string, unknown> = {};
  const entries = Object.entries(section).filter(([key]) => key !== "#attributes" && key !== "xmlns");
  const only = entries.length === 1 ? entries[0]?.[1] : undefined;
  if (isRecord(only) && !("#text" in only)) return dataFields(only);
  for (const [key, value] of entries) {
    if (key === "Data" && Array.isArray(value)) out.Data = value.map(scalar);
    else out[key] = scalar(value);
  }
  return out;
}

function systemFields(system: Record<string, unknown>): Record<string, unknown> {
  const provider = system.Provider;
  const fields: Record<string, unknown> = {
    EventID: scalar(system.EventID),
    Channel: system.Channel,
    Provider_Name: attr(provider, "Name"),
    Provider_Guid: attr(provider, "Guid"),
    Computer: system.Computer,
    TimeCreated: attr(system.TimeCreated, "SystemTime"),
    EventRecordID: system.EventRecordID,
    Level: system.Level,
    Task: system.Task,
    Keywords: system.Keywords,
    Execution_ProcessID: attr(system.Execution, "ProcessID"),
    Security_UserID: attr(system.Security, "UserID"),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ""));
}

function fromXmlShape(root: Record<string, unknown>, shape: WindowsShape): FlatWindowsEvent | undefined {
  if (!isRecord(root.System)) return undefined;
  const data = { ...dataFields(root.UserData), ...dataFields(root.EventData) };
  return { shape, fields: { ...data, ...systemFields(root.System) } };
}

function fromWinlogbeat(doc: Record<string, unknown>, winlog: Record<string, unknown>): FlatWindowsEvent {
  const host = isRecord(doc.host) ? doc.host.name : undefined;
  const fields: Record<string, unknown> = {
    ...dataFields(winlog.user_data),
    ...dataFields(winlog.event_data),
    EventID: winlog.event_id ?? (isRecord(doc.event) ? doc.event.code : undefined),
    Channel: winlog.channel,
    Provider_Name: winlog.provider_name,
    Computer: winlog.computer_name ?? host,
    TimeCreated: doc["@timestamp"],
    EventRecordID: winlog.record_id,
    Execution_ProcessID: isRecord(winlog.process) ? winlog.process.pid : undefined,
  };
  return { shape: "winlogbeat", fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null)) };
}

const NXLOG_HINTS = ["Hostname", "SourceName", "EventTime", "EventReceivedTime", "SourceModuleName", "ProviderGuid"];

function fromNxlog(doc: Record<string, unknown>): FlatWindowsEvent | undefined {
  if (doc.EventID === undefined || !NXLOG_HINTS.some((k) => k in doc)) return undefined;
  const fields: Record<string, unknown> = { ...doc, Computer: doc.Computer ?? doc.Hostname, Provider_Name: doc.Provider_Name ?? doc.SourceName };
  if (fields.TimeCreated === undefined && doc.EventTime !== undefined) fields.TimeCreated = doc.EventTime;
  return { shape: "nxlog", fields };
}

/** Flattens any of the four shapes; undefined when `doc` is not a Windows event. */
export function flattenWindowsEvent(doc: unknown): FlatWindowsEvent | undefined {
  if (!isRecord(doc)) return undefined;
  if (isRecord(doc.Event)) return fromXmlShape(doc.Event, "evtx_dump");
  if (isRecord(doc.System) && (isRecord(doc.EventData) || isRecord(doc.UserData) || "EventID" in doc.System)) return fromXmlShape(doc, "python-evtx");
  if (isRecord(doc.winlog) && (doc.winlog.event_id !== undefined || isRecord(doc.winlog.event_data))) return fromWinlogbeat(doc, doc.winlog);
  return fromNxlog(doc);
}
