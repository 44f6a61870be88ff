// Windows Security / Sysmon / System events (any of the four JSON shapes) to a record.
import type { EventOutcome } from "@vigil/schema";
import type { FormatComponent, ParsedRecord, RecordResult } from "../../format/component";
import { fail, noConfig, ok } from "../../format/component";
import { compact, text } from "../../format/util";
import { parseJsonRecord } from "../json/json-record";
import type { WindowsMeaning } from "./events";
import { windowsMeaning, windowsSource } from "./events";
import { networkFields, objectFields, processFields, userFields } from "./fields";
import type { FlatWindowsEvent } from "./flatten";
import { flattenWindowsEvent } from "./flatten";

const NAIVE = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/;

/** SystemTime is UTC; python-evtx and NXLog write it without a zone ("2020-09-14 14:44:04.878227"). */
export function windowsTime(value: unknown): Date | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const raw = String(value).trim();
  const naive = NAIVE.exec(raw);
  const iso = naive ? `${naive[1]}T${naive[2]}.${(naive[3] ?? "0").slice(0, 3).padEnd(3, "0")}Z` : raw;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

function statusOutcome(f: Record<string, unknown>, meaning: WindowsMeaning | undefined): EventOutcome | undefined {
  if (meaning?.outcome) return meaning.outcome;
  const status = text(f.Status ?? f.FailureCode);
  if (status === undefined || meaning?.category !== "authentication") return undefined;
  return /^0x0+$/i.test(status) ? "success" : "failure";
}

export function windowsRecord(flat: FlatWindowsEvent): ParsedRecord {
  const f = flat.fields;
  const channel = text(f.Channel);
  const provider = text(f.Provider_Name);
  const source = windowsSource(channel, provider);
  const code = text(f.EventID);
  const meaning = windowsMeaning(source, code);
  const time = windowsTime(f.TimeCreated) ?? windowsTime(f.UtcTime);
  const fields: ParsedRecord["fields"] = {
    event: compact({
      code,
      action: meaning?.action,
      category: meaning?.category,
      outcome: statusOutcome(f, meaning),
      provider,
      dataset: channel,
      module: source === "sysmon" ? "sysmon" : "windows",
    })!,
    host: compact({ name: text(f.Computer) }),
    user: userFields(f, source, meaning),
    process: processFields(f),
    ...networkFields(f),
    ...objectFields(f),
    ocsf: { class_uid: meaning?.ocsf ?? OCSF_BASE_EVENT },
    message: text(f.Message),
  };
  return { original: f, fields, ...(time ? { time } : {}) };
}

/** OCSF "Base Event": a Windows event id without a more specific class. */
const OCSF_BASE_EVENT = 0;

export function parseWindows(raw: string): RecordResult {
  const doc = parseJsonRecord(raw);
  if (!doc.ok) return doc;
  const flat = flattenWindowsEvent(doc.value);
  if (!flat) return fail(0, "not a Windows event: expected Event.System, System+EventData, winlog.event_id or a flat EventID with Hostname/SourceName");
  return ok(windowsRecord(flat));
}

export const windowsFormat: FormatComponent = {
  id: "windows",
  description: "Windows Security/Sysmon/System events as JSON: evtx_dump, python-evtx, Winlogbeat or NXLog shape.",
  defaults: {},
  configure: noConfig("windows"),
  build: () => (raw) => parseWindows(raw),
};
